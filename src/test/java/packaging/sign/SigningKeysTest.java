package packaging.sign;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import packaging.Openssl;
import store.CurioException;

class SigningKeysTest {
    private static final char[] PASS = "correct horse battery staple".toCharArray();

    @TempDir
    Path dir;

    @Test
    void generatedKeysAreEncryptedPemsThatOpensslReadsWithTheSameKeyId() throws Exception {
        KeyFiles files = SigningKeys.generate(dir, PASS);
        String priv = Files.readString(files.privateKey());
        assertTrue(priv.startsWith("-----BEGIN ENCRYPTED PRIVATE KEY-----"), priv);
        assertFalse(priv.contains(new String(PASS)), "the passphrase never lands in the file");
        assertTrue(Files.readString(files.publicKey()).startsWith("-----BEGIN PUBLIC KEY-----"));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(files.privateKey())));

        Openssl.assumeAvailable();
        Openssl.Run text = Openssl.run(null, "pkey", "-in", files.privateKey().toString(), "-passin", "pass:" + new String(PASS),
                "-noout", "-text");
        assertEquals(0, text.exit(), text.err());
        assertTrue(new String(text.out()).startsWith("ED25519 Private-Key"), new String(text.out()));
        Openssl.Run wrong = Openssl.run(null, "pkey", "-in", files.privateKey().toString(), "-passin", "pass:nope", "-noout");
        assertTrue(wrong.exit() != 0, "openssl must not open the key with a wrong passphrase");

        Openssl.Run pubDer = Openssl.run(null, "pkey", "-pubin", "-in", files.publicKey().toString(), "-outform", "DER");
        assertEquals(0, pubDer.exit(), pubDer.err());
        Openssl.Run digest = Openssl.run(pubDer.out(), "dgst", "-sha256", "-binary");
        assertEquals(0, digest.exit(), digest.err());
        String expectedId = "ed25519:" + Base64.getUrlEncoder().withoutPadding().encodeToString(digest.out());
        assertEquals(expectedId, files.keyId());

        // openssl derives the same public key from the private key file as the .pub file holds
        Openssl.Run derived = Openssl.run(null, "pkey", "-in", files.privateKey().toString(), "-passin",
                "pass:" + new String(PASS), "-pubout", "-outform", "DER");
        assertArrayEquals(pubDer.out(), derived.out());

        SigningKey loaded = SigningKeys.load(files.privateKey(), PASS);
        assertEquals(expectedId, loaded.keyId());
        assertEquals(expectedId, Ed25519Keys.keyId(SigningKeys.loadPublic(files.publicKey())));
    }

    @Test
    void anEncryptedKeyMadeByOpensslLoads() throws Exception {
        Openssl.assumeAvailable();
        Path key = dir.resolve("openssl.key");
        Openssl.Run gen = Openssl.run(null, "genpkey", "-algorithm", "ed25519", "-aes-256-cbc", "-pass", "pass:s3cret",
                "-out", key.toString());
        assertEquals(0, gen.exit(), gen.err());
        SigningKey loaded = SigningKeys.load(key, "s3cret".toCharArray());
        Openssl.Run pub = Openssl.run(null, "pkey", "-in", key.toString(), "-passin", "pass:s3cret", "-pubout", "-outform", "DER");
        assertEquals(0, pub.exit(), pub.err());
        assertArrayEquals(pub.out(), loaded.publicKey().getEncoded());
    }

    @Test
    void aKeyFileOthersMayReadIsRefusedWithTheFixInTheMessage() throws Exception {
        KeyFiles files = SigningKeys.generate(dir, PASS);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(files.privateKey())),
                "created owner-only, whatever the umask");
        for (String mode : new String[]{"rw-r--r--", "rw-r-----", "rw----r--", "rw--w----"}) {
            Files.setPosixFilePermissions(files.privateKey(), PosixFilePermissions.fromString(mode));
            CurioException e = assertThrows(CurioException.class, () -> SigningKeys.load(files.privateKey(), PASS), mode);
            assertEquals("keys.insecure_permissions", e.code(), mode);
            assertEquals(files.privateKey().toString(), e.file());
            assertTrue(e.getMessage().contains(mode) && e.getMessage().contains("chmod 600 " + files.privateKey()), e.getMessage());
        }
        Files.setPosixFilePermissions(files.privateKey(), PosixFilePermissions.fromString("r--------"));
        assertEquals(files.keyId(), SigningKeys.load(files.privateKey(), PASS).keyId(), "owner-only read is enough");
    }

    @Test
    void wrongPassphraseMalformedAndMissingFilesHaveTheirOwnCodes() throws Exception {
        KeyFiles files = SigningKeys.generate(dir, PASS);
        CurioException wrong = assertThrows(CurioException.class, () -> SigningKeys.load(files.privateKey(), "wrong".toCharArray()));
        assertEquals("keys.bad_passphrase", wrong.code());
        assertEquals(files.privateKey().toString(), wrong.file());

        Path garbage = dir.resolve("garbage.key");
        Files.writeString(garbage, "-----BEGIN ENCRYPTED PRIVATE KEY-----\nnot base64 !!\n-----END ENCRYPTED PRIVATE KEY-----\n");
        assertEquals("keys.bad_file", assertThrows(CurioException.class, () -> SigningKeys.load(garbage, PASS)).code());
        Path empty = dir.resolve("empty.key");
        Files.writeString(empty, "hello\n");
        assertEquals("keys.bad_file", assertThrows(CurioException.class, () -> SigningKeys.load(empty, PASS)).code());
        // a public key where a private key belongs is a bad file, not a bad passphrase
        assertEquals("keys.bad_file", assertThrows(CurioException.class, () -> SigningKeys.load(files.publicKey(), PASS)).code());
        assertEquals("keys.bad_file", assertThrows(CurioException.class, () -> SigningKeys.loadPublic(files.privateKey())).code());
        assertEquals("keys.not_found", assertThrows(CurioException.class,
                () -> SigningKeys.loadPublic(dir.resolve("none.pub"))).code());
    }

    @Test
    void refusesToOverwriteAndToUseAnEmptyPassphrase() throws Exception {
        KeyFiles first = SigningKeys.generate(dir, PASS);
        byte[] before = Files.readAllBytes(first.privateKey());
        CurioException e = assertThrows(CurioException.class, () -> SigningKeys.generate(dir, PASS));
        assertEquals("keys.exists", e.code());
        assertArrayEquals(before, Files.readAllBytes(first.privateKey()));
        assertEquals("keys.empty_passphrase", assertThrows(CurioException.class,
                () -> SigningKeys.generate(dir.resolve("other"), new char[0])).code());
    }

    @Test
    void passphraseComesFromTheEnvironmentElseTheConsoleElseAnError() {
        PassphraseSource env = PassphraseSource.standard(java.util.Map.of(PassphraseSource.ENV, "from-env"), null);
        assertEquals("from-env", new String(env.read("p", true)));
        PassphraseSource none = PassphraseSource.standard(java.util.Map.of(), null);
        assertEquals("keys.no_passphrase", assertThrows(CurioException.class, () -> none.read("p", false)).code());
        PassphraseSource blank = PassphraseSource.standard(java.util.Map.of(PassphraseSource.ENV, ""), null);
        assertEquals("keys.no_passphrase", assertThrows(CurioException.class, () -> blank.read("p", false)).code());
        char[] fixed = "x".toCharArray();
        PassphraseSource src = PassphraseSource.of(fixed);
        char[] got = src.read("p", false);
        java.util.Arrays.fill(got, '\0');
        assertEquals("x", new String(src.read("p", false)), "wiping a returned array must not wipe the source");
    }
}
