package io.tenantlink.microsoft;

/** Microsoft's identity platform answered a token request with an error (an AADSTS code). */
public class MicrosoftRefusal extends Exception {

    private static final long serialVersionUID = 1L;

    private final transient AadstsError error;

    public MicrosoftRefusal(AadstsError error) {
        super("Microsoft refused: " + error.error() + " AADSTS" + error.code());
        this.error = error;
    }

    public AadstsError error() {
        return error;
    }
}
