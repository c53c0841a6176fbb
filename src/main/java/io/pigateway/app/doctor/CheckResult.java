package io.pigateway.app.doctor;

/** One line of {@code pi-gw doctor}: what was checked, the verdict, and how to fix it. */
public record CheckResult(String name, Status status, String detail, String fix) {

    public enum Status { OK, WARN, FAIL }

    public static CheckResult ok(String name, String detail) {
        return new CheckResult(name, Status.OK, detail, null);
    }

    public static CheckResult warn(String name, String detail, String fix) {
        return new CheckResult(name, Status.WARN, detail, fix);
    }

    public static CheckResult fail(String name, String detail, String fix) {
        return new CheckResult(name, Status.FAIL, detail, fix);
    }

    /** {@code [ok]   name: detail} plus {@code  (fix: ...)} when there is one; always one line. */
    public String line() {
        String tag = switch (status) {
            case OK -> "[ok]  ";
            case WARN -> "[warn]";
            case FAIL -> "[fail]";
        };
        return tag + " " + name + ": " + oneLine(detail) + (fix != null ? " (fix: " + oneLine(fix) + ")" : "");
    }

    /** Multi-line texts (pi's errors, exceptions) collapsed so each check stays one line. */
    static String oneLine(String text) {
        return text == null ? "" : text.strip().replaceAll("\\s*\\R\\s*", " / ");
    }
}
