package io.pigateway.rpc;

/**
 * A turn could not be served. The message is written for the end user; {@link #code()} is a
 * stable machine-readable reason: {@code pi_crashed}, {@code pi_unavailable}, {@code pool_busy},
 * {@code timeout}, {@code no_active_turn}, {@code rejected}.
 */
public class PiRpcException extends RuntimeException {
    private final String code;

    public PiRpcException(String code, String message) {
        super(message);
        this.code = code;
    }

    public PiRpcException(String code, String message, Throwable cause) {
        super(message, cause);
        this.code = code;
    }

    public String code() {
        return code;
    }
}
