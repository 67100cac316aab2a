// Writes JKS stores for the inspect benchmark with the JDK's own KeyStore implementation (a second
// implementation, and one JVM start instead of one keytool run per store).
//
//   java MakeJks PASSWORD_FILE CA_PEM < pairs
//
// Each line of standard input is "IN.p12 OUT.jks". Every key entry of IN (opened with the password on
// PASSWORD_FILE's first line) is copied to a new JKS store under the same alias and password, next to a
// trustedCertEntry "bench-root" holding CA_PEM; the store is written to OUT with that password.
import java.io.BufferedReader;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.Key;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Collections;

public final class MakeJks {
  public static void main(String[] args) throws Exception {
    char[] password = Files.readAllLines(Path.of(args[0]), StandardCharsets.UTF_8).get(0).toCharArray();
    Certificate root;
    try (FileInputStream in = new FileInputStream(args[1])) {
      root = CertificateFactory.getInstance("X.509").generateCertificate(in);
    }
    BufferedReader pairs = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    int written = 0;
    for (String line; (line = pairs.readLine()) != null; ) {
      if (line.isBlank()) continue;
      String[] io = line.trim().split(" ");
      convert(io[0], io[1], password, root);
      ++written;
    }
    System.err.println("MakeJks: wrote " + written + " JKS stores");
  }

  private static void convert(String from, String to, char[] password, Certificate root) throws Exception {
    KeyStore p12 = KeyStore.getInstance("PKCS12");
    try (FileInputStream in = new FileInputStream(from)) {
      p12.load(in, password);
    }
    KeyStore jks = KeyStore.getInstance("JKS");
    jks.load(null, null);
    for (String alias : Collections.list(p12.aliases())) {
      if (!p12.isKeyEntry(alias)) continue;
      Key key = p12.getKey(alias, password);
      jks.setKeyEntry(alias, key, password, p12.getCertificateChain(alias));
    }
    jks.setCertificateEntry("bench-root", root);
    try (FileOutputStream out = new FileOutputStream(to)) {
      jks.store(out, password);
    }
  }
}
