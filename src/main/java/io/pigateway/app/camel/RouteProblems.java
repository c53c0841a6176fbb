package io.pigateway.app.camel;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.camel.util.URISupport;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;

/**
 * One line for the operator about a route file that failed: where (line and column of the YAML
 * error) and what (the missing component named, not a 30-line Camel stack).
 */
final class RouteProblems {
    // Camel's two wordings when no component answers a URI scheme (NoSuchEndpointException, resolve failure)
    private static final Pattern NO_COMPONENT = Pattern.compile(
            "No endpoint could be found for: ([\\w.+-]+):|No component found with scheme: ([\\w.+-]+)");

    private RouteProblems() {
    }

    /** A file that did not load: {@code line 4, column 7: <problem>} when the YAML parser knows where. */
    static String describeFileError(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof MarkedYamlEngineException marked && marked.getProblemMark().isPresent()) {
                Mark mark = marked.getProblemMark().get();
                String problem = marked.getProblem() != null ? marked.getProblem() : firstLine(marked.getMessage());
                String context = marked.getContext() != null ? " (" + marked.getContext() + ")" : "";
                return "not loaded: line " + (mark.getLine() + 1) + ", column " + (mark.getColumn() + 1) + ": "
                        + problem.strip() + context;
            }
        }
        return "not loaded: " + rootMessage(error);
    }

    /** A route that did not start: {@code route 'x' not started: component 'kafka' is not on the classpath ...}. */
    static String describeRouteError(String routeId, Throwable error) {
        String what = routeId != null ? "route '" + routeId + "' not started: " : "templated route not started: ";
        for (Throwable t = error; t != null; t = t.getCause()) {
            Matcher m = NO_COMPONENT.matcher(String.valueOf(t.getMessage()));
            if (m.find()) {
                String scheme = m.group(1) != null ? m.group(1) : m.group(2);
                return what + "component '" + scheme + "' is not on the classpath "
                        + "(put its jar and its dependencies into gateway.libDir, default plugins/)";
            }
        }
        return what + rootMessage(error);
    }

    private static String rootMessage(Throwable error) {
        Throwable root = error;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage() != null ? root.getMessage() : root.getClass().getSimpleName();
        // the message may quote an endpoint URI with its placeholders resolved: mask passwords and tokens
        return URISupport.sanitizeUri(firstLine(message));
    }

    private static String firstLine(String text) {
        int nl = text.indexOf('\n');
        return nl < 0 ? text : text.substring(0, nl);
    }
}
