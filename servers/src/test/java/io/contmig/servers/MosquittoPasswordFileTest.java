package io.contmig.servers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.contmig.target.Login;
import org.junit.jupiter.api.Test;

class MosquittoPasswordFileTest {

    /** Expected value from Python's hashlib.pbkdf2_hmac('sha512', ...), an independent PBKDF2. */
    @Test
    void hashesAsMosquittoPasswdDoes() {
        byte[] salt = new byte[12];
        for (int i = 0; i < salt.length; i++) {
            salt[i] = (byte) i;
        }
        assertThat(MosquittoPasswordFile.line(new Login("u", "secret-Pw_1"), salt, 101))
                .isEqualTo("u:$7$101$AAECAwQFBgcICQoL$Otk7Aer5jxu8euUGd59UU0CRS/UJbmgotpFMDLG+22VIc1zz2Oox42AVfDNdi5N"
                        + "/CjKNVaCUzaPNqDqnCkEumw==");
    }

    @Test
    void eachLineHasItsOwnSaltAndNeverThePassword() {
        Login login = Login.random("contmig");
        String a = MosquittoPasswordFile.line(login);
        assertThat(a).startsWith("contmig:$7$101$").doesNotContain(login.password())
                .isNotEqualTo(MosquittoPasswordFile.line(login));
        assertThatThrownBy(() -> MosquittoPasswordFile.line(Login.NONE)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aLoginNeverPrintsItsPassword() {
        Login login = Login.random("contmig");
        assertThat(login.toString()).contains("contmig").doesNotContain(login.password());
        assertThat(login.password()).hasSize(32);
        assertThatThrownBy(() -> new Login("a:b", "x")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Login("a", "")).isInstanceOf(IllegalArgumentException.class);
    }
}
