// The secret key of a JCEKS SecretKeyEntry: a javax.crypto.SealedObject (in practice its subclass
// com.sun.crypto.provider.SealedObjectForKeyProtector) written with java.io.ObjectOutputStream, with no
// length prefix. Reading past it needs a parser for the Java Object Serialization Stream Protocol
// (Java Object Serialization Specification, chapter 6, "Object Serialization Stream Protocol").
#pragma once

#include "core/keystore/jks_bytes.h"

namespace certkeep::jks {

// Advances `r` over one serialization stream (its own 0xACED0005 header included) holding a sealed
// object, checking the shape the JDK's JceKeyStore accepts: one object whose class hierarchy includes
// javax.crypto.SealedObject and whose fields are primitives, strings and primitive arrays; nothing is
// instantiated. The sealed key's algorithm is inside the encrypted content, so nothing is extracted.
// On bytes of another shape the reader fails with `malformed` naming the offset.
void skip_sealed_object(ByteReader& r);

}  // namespace certkeep::jks
