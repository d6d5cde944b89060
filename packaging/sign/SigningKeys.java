package packaging.sign;

import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.util.EnumSet;
import java.util.Set;
import org.bouncycastle.asn1.edec.EdECObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.util.PrivateKeyFactory;
import org.bouncycastle.openssl.PKCS8Generator;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8DecryptorProviderBuilder;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8EncryptorBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;
import org.bouncycastle.pkcs.PKCSException;
import store.CurioException;

/**
 * The signing key files: {@code curio-signing.key}, the Ed25519 private key as an encrypted PKCS#8 PEM
 * (PBES2: PBKDF2-HMAC-SHA256 + AES-256-CBC, which {@code openssl pkey} reads), and
 * {@code curio-signing.pub}, the SubjectPublicKeyInfo PEM. The private key file is created owner-only
 * (0600) so it is never readable by others, not even for an instant; the public key is 0644 because it
 * travels inside every bundle anyway.
 */
public final class SigningKeys {
    public static final String PRIVATE_KEY_FILE = "curio-signing.key";
    public static final String PUBLIC_KEY_FILE = "curio-signing.pub";

    /** Far above OpenSSL's default 2048, still well under a second to unlock with BouncyCastle. */
    static final int PBKDF2_ITERATIONS = 200_000;

    private SigningKeys() { }

    public static KeyFiles generate(Path dir, char[] passphrase) {
        if (passphrase == null || passphrase.length == 0) {
            throw new CurioException("keys.empty_passphrase", null, null, "the key passphrase must not be empty");
        }
        Path priv = dir.resolve(PRIVATE_KEY_FILE);
        Path pub = dir.resolve(PUBLIC_KEY_FILE);
        for (Path p : new Path[]{priv, pub}) {
            if (Files.exists(p)) {
                throw new CurioException("keys.exists", p.toString(), null, "refusing to overwrite an existing key file");
            }
        }
        KeyPair pair;
        String privatePem;
        try {
            KeyPairGenerator gen = KeyPairGenerator.getInstance("Ed25519", Ed25519Keys.BC);
            pair = gen.generateKeyPair();
            privatePem = pem(new PKCS8Generator(v1Info(pair.getPrivate()), new JceOpenSSLPKCS8EncryptorBuilder(PKCS8Generator.AES_256_CBC)
                    .setProvider(Ed25519Keys.BC)
                    .setRandom(new SecureRandom())
                    .setPRF(PKCS8Generator.PRF_HMACSHA256)
                    .setIterationCount(PBKDF2_ITERATIONS)
                    .setPassword(passphrase)
                    .build()));
        } catch (GeneralSecurityException | OperatorCreationException | IOException e) {
            throw new IllegalStateException("Ed25519 and AES-256 are always available with BouncyCastle", e);
        }
        try {
            Files.createDirectories(dir);
            write(priv, privatePem, "rw-------");
            write(pub, publicKeyPem(pair.getPublic()), "rw-r--r--");
        } catch (FileAlreadyExistsException e) {
            throw new CurioException("keys.exists", e.getFile(), null, "refusing to overwrite an existing key file", e);
        } catch (IOException e) {
            throw new CurioException("io.write_failed", dir.toString(), null, "cannot write the key files: " + e.getMessage(), e);
        }
        return new KeyFiles(priv, pub, Ed25519Keys.keyId(pair.getPublic()));
    }

    /**
     * Unlocks a private key file; the public key and key id are derived from it. A key file that users or groups
     * other than its owner may read or write is refused ({@code keys.insecure_permissions}), as ssh refuses one:
     * the passphrase is all that stands between such a file and a forged bundle.
     */
    public static SigningKey load(Path privateKeyFile, char[] passphrase) {
        Object pem = readPem(privateKeyFile);
        if (!(pem instanceof PKCS8EncryptedPrivateKeyInfo encrypted)) {
            throw new CurioException("keys.bad_file", privateKeyFile.toString(), null,
                    "not an encrypted PKCS#8 private key (-----BEGIN ENCRYPTED PRIVATE KEY-----)");
        }
        requireOwnerOnly(privateKeyFile);
        PrivateKeyInfo info;
        try {
            info = encrypted.decryptPrivateKeyInfo(new JceOpenSSLPKCS8DecryptorProviderBuilder()
                    .setProvider(Ed25519Keys.BC).build(passphrase));
        } catch (PKCSException | OperatorCreationException | RuntimeException e) {
            // A wrong passphrase usually fails the CBC padding, but 1 in 256 times it decrypts to garbage
            // that fails later in ASN.1 parsing instead; both mean the same thing to the user.
            throw new CurioException("keys.bad_passphrase", privateKeyFile.toString(), null,
                    "wrong passphrase (or a damaged key file)", e);
        }
        if (!EdECObjectIdentifiers.id_Ed25519.equals(info.getPrivateKeyAlgorithm().getAlgorithm())) {
            throw new CurioException("keys.bad_file", privateKeyFile.toString(), null,
                    "not an Ed25519 key (" + info.getPrivateKeyAlgorithm().getAlgorithm() + ")");
        }
        try {
            PrivateKey key = new JcaPEMKeyConverter().setProvider(Ed25519Keys.BC).getPrivateKey(info);
            Ed25519PrivateKeyParameters params = (Ed25519PrivateKeyParameters) PrivateKeyFactory.createKey(info);
            PublicKey pub = Ed25519Keys.fromRaw(params.generatePublicKey().getEncoded());
            return new SigningKey(key, pub, Ed25519Keys.keyId(pub));
        } catch (IOException | RuntimeException e) {
            throw new CurioException("keys.bad_file", privateKeyFile.toString(), null, "damaged private key: " + e.getMessage(), e);
        }
    }

    /** Group or other permission bits on a private key file, where the file system has POSIX permissions. */
    static void requireOwnerOnly(Path privateKeyFile) {
        if (!privateKeyFile.getFileSystem().supportedFileAttributeViews().contains("posix")) return;
        Set<PosixFilePermission> perms;
        try {
            perms = Files.getPosixFilePermissions(privateKeyFile);
        } catch (NoSuchFileException e) {
            throw new CurioException("keys.not_found", privateKeyFile.toString(), null, "no such key file", e);
        } catch (IOException e) {
            throw new CurioException("keys.bad_file", privateKeyFile.toString(), null, "cannot read the key file's permissions: "
                    + e.getMessage(), e);
        }
        Set<PosixFilePermission> others = EnumSet.of(PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE,
                PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE,
                PosixFilePermission.OTHERS_EXECUTE);
        others.retainAll(perms);
        if (!others.isEmpty()) {
            throw new CurioException("keys.insecure_permissions", privateKeyFile.toString(), null, "the private key file is open to "
                    + "others (" + PosixFilePermissions.toString(perms) + "); it must be readable by its owner only: chmod 600 "
                    + privateKeyFile);
        }
    }

    public static PublicKey loadPublic(Path publicKeyFile) {
        Object pem = readPem(publicKeyFile);
        if (!(pem instanceof SubjectPublicKeyInfo spki)) {
            throw new CurioException("keys.bad_file", publicKeyFile.toString(), null,
                    "not a public key PEM (-----BEGIN PUBLIC KEY-----)");
        }
        try {
            if (!EdECObjectIdentifiers.id_Ed25519.equals(spki.getAlgorithm().getAlgorithm())) {
                throw new CurioException("keys.bad_file", publicKeyFile.toString(), null,
                        "not an Ed25519 public key (" + spki.getAlgorithm().getAlgorithm() + ")");
            }
            return Ed25519Keys.fromRaw(spki.getPublicKeyData().getOctets());
        } catch (CurioException e) {
            throw new CurioException(e.code(), publicKeyFile.toString(), null, e.getMessage(), e);
        }
    }

    public static String publicKeyPem(PublicKey key) {
        return pem(Ed25519Keys.toBc(key));
    }

    /**
     * BouncyCastle encodes Ed25519 private keys as PKCS#8 v2 (with the public key attached), which
     * OpenSSL 3.0 cannot parse; the v1 form holds just the private key, and the public key is derived.
     */
    private static PrivateKeyInfo v1Info(PrivateKey key) throws IOException {
        PrivateKeyInfo full = PrivateKeyInfo.getInstance(key.getEncoded());
        return new PrivateKeyInfo(full.getPrivateKeyAlgorithm(), full.parsePrivateKey());
    }

    private static Object readPem(Path file) {
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.US_ASCII); PEMParser parser = new PEMParser(r)) {
            Object o = parser.readObject();
            if (o == null) throw new CurioException("keys.bad_file", file.toString(), null, "no PEM block in the file");
            return o;
        } catch (NoSuchFileException e) {
            throw new CurioException("keys.not_found", file.toString(), null, "no such key file", e);
        } catch (IOException | RuntimeException e) {
            if (e instanceof CurioException ce) throw ce;
            throw new CurioException("keys.bad_file", file.toString(), null, "not a readable PEM key: " + e.getMessage(), e);
        }
    }

    private static String pem(Object o) {
        StringWriter s = new StringWriter();
        try (JcaPEMWriter w = new JcaPEMWriter(s)) {
            w.writeObject(o);
        } catch (IOException e) {
            throw new IllegalStateException("PEM encoding into memory cannot fail", e);
        }
        return s.toString();
    }

    private static void write(Path file, String content, String permissions) throws IOException {
        boolean posix = file.getFileSystem().supportedFileAttributeViews().contains("posix");
        FileAttribute<?>[] attrs = posix
                ? new FileAttribute<?>[]{PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(permissions))}
                : new FileAttribute<?>[0];
        Files.createFile(file, attrs);
        if (posix) Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(permissions)); // umask-proof
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.US_ASCII, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            w.write(content);
        }
    }
}
