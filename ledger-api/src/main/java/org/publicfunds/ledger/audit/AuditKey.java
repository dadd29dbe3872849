package org.publicfunds.ledger.audit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.HexFormat;
import org.publicfunds.ledger.system.OwnerOnlyFiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Ed25519 key that signs head checkpoints and exports. It lives outside MongoDB, in a file of
 * mode 600 ({@code <data-dir>/audit-signing.key} unless configured), generated on the first start;
 * its public half is written beside it ({@code .pub}) for auditors to keep. Whoever can write to
 * the database but cannot read this file cannot make a signature the ledger's public key accepts.
 */
public final class AuditKey {

    private static final Logger log = LoggerFactory.getLogger(AuditKey.class);
    private static final String ALGORITHM = "Ed25519";

    private final PrivateKey privateKey;
    private final String publicKey;

    private AuditKey(PrivateKey privateKey, String publicKey) {
        this.privateKey = privateKey;
        this.publicKey = publicKey;
    }

    /** The key in {@code file}, made there first if there is none. */
    public static AuditKey loadOrCreate(Path file) {
        try {
            if (!Files.exists(file)) {
                KeyPair pair = KeyPairGenerator.getInstance(ALGORITHM).generateKeyPair();
                String publicKey =
                        Base64.getEncoder().encodeToString(pair.getPublic().getEncoded());
                OwnerOnlyFiles.createOnce(
                        file,
                        "# The ledger's audit signing key (Ed25519, PKCS#8). Keep it secret; see the README.\n"
                                + Base64.getEncoder()
                                        .encodeToString(pair.getPrivate().getEncoded()) + "\n"
                                + "# public " + publicKey + "\n");
            }
            String privateText = null;
            String publicText = null;
            for (String line : OwnerOnlyFiles.read(file).split("\n")) {
                if (line.startsWith("# public ")) {
                    publicText = line.substring("# public ".length()).trim();
                } else if (!line.isBlank() && !line.startsWith("#")) {
                    privateText = line.trim();
                }
            }
            if (privateText == null || publicText == null) {
                throw new IllegalStateException(file + " does not hold an audit signing key");
            }
            KeyFactory keys = KeyFactory.getInstance(ALGORITHM);
            PrivateKey privateKey = keys.generatePrivate(
                    new PKCS8EncodedKeySpec(Base64.getDecoder().decode(privateText)));
            AuditKey key = new AuditKey(privateKey, publicText);
            if (!verify(publicText, "check", key.sign("check"))) {
                throw new IllegalStateException(file + ": its public key does not match its private key");
            }
            publish(file.resolveSibling(file.getFileName() + ".pub"), publicText);
            return key;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create the audit signing key " + file, e);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalStateException("cannot use the audit signing key in " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Writes the public key beside the key file, checked at every start (trust review 2, S4): after
     * a rotation the file still held the old key, which auditors are told to keep. Replaced whole
     * (a new file forced, then moved over the old one) when it is missing or names another key.
     */
    private static void publish(Path published, String publicText) throws IOException {
        String text = publicText + "\n";
        if (Files.exists(published)
                && Files.readString(published, StandardCharsets.UTF_8).equals(text)) {
            return;
        }
        if (Files.exists(published)) {
            log.warn(
                    "audit: {} named another public key than the signing key's; it now names {} (key id {})",
                    published,
                    publicText,
                    keyId(publicText));
        }
        Path partial = published.resolveSibling(published.getFileName() + ".partial");
        try (FileChannel channel = FileChannel.open(
                partial, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer bytes = ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
            while (bytes.hasRemaining()) {
                channel.write(bytes);
            }
            channel.force(true);
        }
        Files.move(partial, published, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        OwnerOnlyFiles.forceDirectory(published.toAbsolutePath().getParent());
    }

    /** Base64 of the Ed25519 signature of the UTF-8 bytes of {@code text}. */
    public String sign(String text) {
        try {
            Signature signature = Signature.getInstance(ALGORITHM);
            signature.initSign(privateKey);
            signature.update(text.getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(signature.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign with the audit key", e);
        }
    }

    /** The public key, X.509 encoded, in Base64: what an auditor keeps to check signatures. */
    public String publicKey() {
        return publicKey;
    }

    public String keyId() {
        return keyId(publicKey);
    }

    /** A short name of a public key: the first 16 hex digits of the SHA-256 of its encoding. */
    public static String keyId(String publicKey) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(Base64.getDecoder().decode(publicKey));
            return HexFormat.of().formatHex(digest).substring(0, 16);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return "invalid";
        }
    }

    /** Whether {@code signature} is the signature of {@code text} by the key whose public half is {@code publicKey}. */
    public static boolean verify(String publicKey, String text, String signature) {
        try {
            PublicKey key = KeyFactory.getInstance(ALGORITHM)
                    .generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(publicKey)));
            Signature check = Signature.getInstance(ALGORITHM);
            check.initVerify(key);
            check.update(text.getBytes(StandardCharsets.UTF_8));
            return check.verify(Base64.getDecoder().decode(signature));
        } catch (GeneralSecurityException | IllegalArgumentException | NullPointerException e) {
            return false;
        }
    }
}
