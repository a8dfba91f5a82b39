package dev.varflow.it;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.Set;

import io.smallrye.jwt.build.Jwt;

/** Bearer tokens for API tests, signed with the test key whose public half SecuredProfile trusts. */
final class TestTokens {

    private TestTokens() {
    }

    /** The audience the API accepts (application.properties: quarkus.oidc.token.audience). */
    static final String AUDIENCE = "varflow-api";

    static String withRoles(String user, String... roles) {
        return withAudience(AUDIENCE, user, roles);
    }

    static String withAudience(String audience, String user, String... roles) {
        return Jwt.issuer(SecuredProfile.ISSUER).audience(audience).subject(user).groups(Set.of(roles))
                .expiresIn(600).jws().keyId("test").sign(privateKey());
    }

    /** The public key as a JSON Web Key Set with key id {@code test}. */
    static String jwks() {
        try {
            java.security.interfaces.RSAPublicKey key = (java.security.interfaces.RSAPublicKey) java.security.KeyFactory
                    .getInstance("RSA").generatePublic(new java.security.spec.X509EncodedKeySpec(
                            java.util.Base64.getDecoder().decode(publicKeyBase64())));
            java.util.Base64.Encoder url = java.util.Base64.getUrlEncoder().withoutPadding();
            return "{\"keys\":[{\"kty\":\"RSA\",\"kid\":\"test\",\"alg\":\"RS256\",\"use\":\"sig\",\"n\":\""
                    + url.encodeToString(unsigned(key.getModulus())) + "\",\"e\":\""
                    + url.encodeToString(unsigned(key.getPublicExponent())) + "\"}]}";
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] unsigned(java.math.BigInteger value) {
        byte[] bytes = value.toByteArray();
        return bytes[0] == 0 ? java.util.Arrays.copyOfRange(bytes, 1, bytes.length) : bytes;
    }

    static String publicKeyBase64() {
        return base64Body(read("oidc/public-key.pem"));
    }

    static PrivateKey privateKey() {
        try {
            byte[] der = Base64.getDecoder().decode(base64Body(read("oidc/private-key.pem")));
            return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(der));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String base64Body(String pem) {
        return pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
    }

    private static String read(String resource) {
        try (InputStream in = TestTokens.class.getClassLoader().getResourceAsStream(resource)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
