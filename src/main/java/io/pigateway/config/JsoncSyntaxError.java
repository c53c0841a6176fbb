package io.pigateway.config;

import java.util.List;

/**
 * A config syntax error as a person can fix it: where (1-based line and column), the line itself
 * with a caret under the spot, and what was expected there in plain words rather than the parser's.
 */
final class JsoncSyntaxError {
    private JsoncSyntaxError() {
    }

    static ConfigException at(String text, int line, int column, String expected) {
        if (line < 1) {
            return ConfigException.of("syntax error: " + expected);
        }
        List<String> lines = text.lines().toList();
        String source = line <= lines.size() ? lines.get(line - 1).replace('\t', ' ') : "";
        int caret = Math.max(0, Math.min(column - 1, source.length()));
        return ConfigException.of("syntax error at line " + line + ", column " + Math.max(1, column) + ": " + expected
                + "\n      " + source + "\n      " + " ".repeat(caret) + "^");
    }

    /** Jackson's message, e.g. "Unexpected character ('5' (code 53)): was expecting comma ...", reworded. */
    static String explain(String message) {
        String found = found(message);
        if (message.contains("was expecting comma to separate Object entries")) {
            return "expected ',' or '}' after a value" + found;
        }
        if (message.contains("was expecting comma to separate Array entries")) {
            return "expected ',' or ']' after a list item" + found;
        }
        if (message.contains("was expecting double-quote to start field name")) {
            return "expected a key in double quotes (\"key\": value) or '}'" + found;
        }
        if (message.contains("was expecting a colon")) {
            return "expected ':' after the key" + found;
        }
        if (message.contains("Unexpected end-of-input")) {
            return "the file ends too early: expected a closing '}' or ']' (or the rest of a value)";
        }
        if (message.contains("Unexpected close marker") && message.contains("no open")) {
            return "extra text after the configuration's closing '}' (an extra '}' or ']'?); expected the end of the file";
        }
        if (message.contains("Unexpected close marker")) {
            return "a closing '" + (message.contains("'}'") ? "}" : "]") + "' that does not match the open '"
                    + (message.contains("expected '}'") ? "{" : "[") + "'; expected '"
                    + (message.contains("expected '}'") ? "}" : "]") + "' here";
        }
        if (message.contains("Unrecognized token") || message.contains("expected a valid value")) {
            return "expected a value: a \"string\" in double quotes, a number, true, false, null, { or [" + found;
        }
        if (message.contains("Illegal unquoted character")) {
            return "a control character inside a string; write it escaped (e.g. \\n)";
        }
        return message.replaceAll("\\s*\\R.*", "");
    }

    private static String found(String message) {
        int start = message.indexOf("('");
        int end = start >= 0 ? message.indexOf("' (code", start) : -1;
        return start >= 0 && end > start ? ", found '" + message.substring(start + 2, end) + "'" : "";
    }
}
