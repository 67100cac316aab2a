// A library context of its own for a thread that decodes many certificates alongside others.
//
// OpenSSL 3.0 takes a read lock on its context's stores hundreds of times for every public key it
// decodes (OSSL_DECODER_CTX_new_for_pkey looks up each decoder and key manager by name). Threads that
// share the default context bounce those locks between cores, and two threads decoding certificates
// spend much of their time there. A thread that opts in decodes in a context of its own instead.
#pragma once

#include <openssl/types.h>

namespace certkeep::ossl {

// From now on, decoding_context() on this thread is a context of its own (with the default and legacy
// providers), taken from a process-wide pool and given back when the thread ends. Contexts live as long
// as the process, so whatever was decoded in one stays valid after its thread is gone. Loading the
// providers costs a few milliseconds once per context: for threads that decode many files.
void use_own_context_on_this_thread();

// The context this thread decodes in: its own after use_own_context_on_this_thread(), else nullptr
// (OpenSSL's default context).
OSSL_LIB_CTX* decoding_context();

}  // namespace certkeep::ossl
