package io.tenantlink.microsoft;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TokenCipherTest {

    private static final String SECRET = "0.AXoA-refresh-token-that-must-never-leak";
    private static final byte[] PLAIN = SECRET.getBytes(StandardCharsets.UTF_8);
    private static final String ROW = TokenCipher.rowBinding("72f988bf-86f1-41af-91ab-2d7cd011db47", "teams-app");

    private static byte[] randomKey() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return key;
    }

    private final byte[] keyBytes = randomKey();
    private final TokenCipher cipher = new TokenCipher(keyBytes);

    @Test
    void roundTrip() {
        byte[] sealed = cipher.encrypt(PLAIN, ROW);
        assertArrayEquals(PLAIN, cipher.decrypt(sealed, ROW));
        assertArrayEquals(new byte[0], cipher.decrypt(cipher.encrypt(new byte[0], ROW), ROW));
    }

    @Test
    void formatIsVersionIvCiphertextTag() {
        byte[] sealed = cipher.encrypt(PLAIN, ROW);
        assertEquals(1, sealed[0]);
        assertEquals(1 + 12 + PLAIN.length + 16, sealed.length);
        assertFalse(new String(sealed, StandardCharsets.ISO_8859_1).contains("refresh-token"));
    }

    @Test
    void everyEncryptionHasItsOwnIv() {
        Set<String> ivs = new HashSet<>();
        Set<String> ciphertexts = new HashSet<>();
        for (int i = 0; i < 50; i++) {
            byte[] sealed = cipher.encrypt(PLAIN, ROW);
            ivs.add(Base64.getEncoder().encodeToString(Arrays.copyOfRange(sealed, 1, 13)));
            ciphertexts.add(Base64.getEncoder().encodeToString(sealed));
        }
        assertEquals(50, ivs.size());
        assertEquals(50, ciphertexts.size());
    }

    @Test
    void anyTamperedByteFails() {
        byte[] sealed = cipher.encrypt(PLAIN, ROW);
        for (int i = 1; i < sealed.length; i++) {
            byte[] tampered = sealed.clone();
            tampered[i] ^= 0x01;
            assertDecryptFails(cipher, tampered, ROW);
        }
        byte[] otherVersion = sealed.clone();
        otherVersion[0] = 2;
        assertDecryptFails(cipher, otherVersion, ROW);
        assertDecryptFails(cipher, Arrays.copyOf(sealed, sealed.length - 1), ROW);
        assertDecryptFails(cipher, new byte[10], ROW);
        assertDecryptFails(cipher, null, ROW);
    }

    @Test
    void aCiphertextCannotMoveToAnotherRow() {
        byte[] sealed = cipher.encrypt(PLAIN, ROW);
        assertDecryptFails(cipher, sealed, TokenCipher.rowBinding("f8cdef31-a31e-4b4a-93e4-5f571e91255a", "teams-app"));
        assertDecryptFails(cipher, sealed, TokenCipher.rowBinding("72f988bf-86f1-41af-91ab-2d7cd011db47", "other-app"));
    }

    @Test
    void rowBindingIsUnambiguous() {
        assertNotEquals(TokenCipher.rowBinding("a:b", "c"), TokenCipher.rowBinding("a", "b:c"));
        assertNotEquals(TokenCipher.rowBinding("ab", "c"), TokenCipher.rowBinding("a", "bc"));
    }

    @Test
    void associatedDataIsRequired() {
        assertThrows(IllegalArgumentException.class, () -> cipher.encrypt(PLAIN, ""));
        assertThrows(IllegalArgumentException.class, () -> cipher.encrypt(PLAIN, null));
        assertThrows(IllegalArgumentException.class, () -> cipher.decrypt(cipher.encrypt(PLAIN, ROW), null));
    }

    @Test
    void aWrongKeyFails() {
        byte[] sealed = cipher.encrypt(PLAIN, ROW);
        assertDecryptFails(new TokenCipher(randomKey()), sealed, ROW);
    }

    @Test
    void fromBase64TakesExactly32Bytes() {
        TokenCipher fromConfig = TokenCipher.fromBase64(Base64.getEncoder().encodeToString(keyBytes));
        assertArrayEquals(PLAIN, fromConfig.decrypt(cipher.encrypt(PLAIN, ROW), ROW));
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 16, 24, 31, 33, 64})
    void badKeySizesAreRefusedWithoutShowingTheKey(int size) {
        byte[] key = new byte[size];
        Arrays.fill(key, (byte) 'K');
        String base64 = Base64.getEncoder().encodeToString(key);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TokenCipher.fromBase64(base64));
        assertTrue(size == 0 || !e.getMessage().contains(base64), e.getMessage());
        assertTrue(e.getMessage().contains("32 bytes") || size == 0, e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new TokenCipher(key));
    }

    @Test
    void badBase64IsRefusedWithoutEchoingIt() {
        String notBase64 = "sEcReT-kEy-wItH-dAsHeS!!" + "x".repeat(20);
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> TokenCipher.fromBase64(notBase64));
        assertFalse(e.getMessage().contains("sEcReT"), e.getMessage());
        assertEquals(null, e.getCause());
        assertThrows(IllegalArgumentException.class, () -> TokenCipher.fromBase64(null));
        assertThrows(IllegalArgumentException.class, () -> TokenCipher.fromBase64("  "));
    }

    @Test
    void toStringShowsNoKey() {
        assertEquals("TokenCipher[AES-256-GCM]", cipher.toString());
    }

    private static void assertDecryptFails(TokenCipher c, byte[] sealed, String row) {
        TokenDecryptionException e = assertThrows(TokenDecryptionException.class, () -> c.decrypt(sealed, row));
        assertFalse(e.getMessage().contains(SECRET));
        assertEquals(null, e.getCause());
    }
}
