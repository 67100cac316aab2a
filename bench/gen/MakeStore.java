// Builds a large keystore for the keystore benchmark with the JDK's own KeyStore implementation: the
// entries of BASE (a key entry and its trusted CA, as keytool made them) plus one trustedCertEntry
// "trust-N" for every certificate in BUNDLE (a PEM file of many certificates), written as TYPE.
//
//   java MakeStore.java TYPE PASSWORD BASE BUNDLE OUT
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Collection;
import java.util.Collections;

public final class MakeStore {
  public static void main(String[] args) throws Exception {
    String type = args[0];
    char[] password = args[1].toCharArray();
    KeyStore base = KeyStore.getInstance(type);
    try (FileInputStream in = new FileInputStream(args[2])) {
      base.load(in, password);
    }
    KeyStore out = KeyStore.getInstance(type);
    out.load(null, null);
    for (String alias : Collections.list(base.aliases())) {
      if (base.isKeyEntry(alias)) {
        out.setKeyEntry(alias, base.getKey(alias, password), password, base.getCertificateChain(alias));
      } else {
        out.setCertificateEntry(alias, base.getCertificate(alias));
      }
    }
    Collection<? extends Certificate> bundle;
    try (FileInputStream in = new FileInputStream(args[3])) {
      bundle = CertificateFactory.getInstance("X.509").generateCertificates(in);
    }
    int n = 0;
    for (Certificate c : bundle) out.setCertificateEntry("trust-" + (++n), c);
    try (FileOutputStream o = new FileOutputStream(args[4])) {
      out.store(o, password);
    }
    System.err.println("MakeStore: wrote " + out.size() + " entries to " + args[4]);
  }
}
