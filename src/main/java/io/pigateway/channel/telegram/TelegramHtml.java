package io.pigateway.channel.telegram;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Converts the agent's Markdown to Telegram's HTML subset ({@code b i s code pre a}): fenced code
 * blocks, inline code, bold, italic, strike-through, links and headings; everything else is
 * escaped text. Unbalanced markup stays literal, so the output is always well-formed.
 */
public final class TelegramHtml {
    private static final Pattern FENCE = Pattern.compile("(?m)^ {0,3}(`{3,}|~{3,})([^\\n`]*)\\n([\\s\\S]*?)(?:\\n {0,3}\\1[`~]*[ \\t]*(?=\\n|$)|\\z)");
    private static final Pattern INLINE_CODE = Pattern.compile("`([^`\\n]+)`");
    private static final Pattern LINK = Pattern.compile("\\[([^\\]\\n]+)]\\((https?://[^)\\s]+)\\)");
    private static final Pattern BOLD = Pattern.compile("\\*\\*(?=\\S)(.+?)(?<=\\S)\\*\\*|__(?=\\S)(.+?)(?<=\\S)__");
    private static final Pattern ITALIC = Pattern.compile("(?<![*\\w])\\*(?=\\S)([^*\\n]+?)(?<=\\S)\\*(?![*\\w])|(?<![_\\w])_(?=\\S)([^_\\n]+?)(?<=\\S)_(?![_\\w])");
    private static final Pattern STRIKE = Pattern.compile("~~(?=\\S)(.+?)(?<=\\S)~~");
    private static final Pattern HEADING = Pattern.compile("(?m)^#{1,6}[ \\t]+(.+?)[ \\t#]*$");
    /** Placeholder for finished HTML pieces, so later patterns never touch their contents. */
    private static final char MARK = '\u0000';

    private TelegramHtml() {
    }

    public static String toHtml(String markdown) {
        if (markdown == null || markdown.isEmpty()) {
            return "";
        }
        List<String> pieces = new ArrayList<>();
        String text = markdown.replace(String.valueOf(MARK), "");
        text = replace(FENCE, text, m -> {
            String lang = m.group(2).strip();
            String code = escape(m.group(3));
            return lang.matches("[A-Za-z0-9_+-]+")
                    ? "<pre><code class=\"language-" + lang + "\">" + code + "</code></pre>"
                    : "<pre>" + code + "</pre>";
        }, pieces);
        text = replace(INLINE_CODE, text, m -> "<code>" + escape(m.group(1)) + "</code>", pieces);
        text = replace(LINK, text, m -> "<a href=\"" + escape(m.group(2)).replace("\"", "&quot;") + "\">"
                + inline(escape(m.group(1))) + "</a>", pieces);
        text = escape(text);
        text = inline(text);
        text = HEADING.matcher(text).replaceAll("<b>$1</b>");
        return restore(text, pieces);
    }

    /** Bold, italic and strike-through on already escaped text. */
    private static String inline(String escaped) {
        String s = BOLD.matcher(escaped).replaceAll(m -> "<b>" + Matcher.quoteReplacement(
                m.group(1) != null ? m.group(1) : m.group(2)) + "</b>");
        s = STRIKE.matcher(s).replaceAll("<s>$1</s>");
        return ITALIC.matcher(s).replaceAll(m -> "<i>" + Matcher.quoteReplacement(
                m.group(1) != null ? m.group(1) : m.group(2)) + "</i>");
    }

    public static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    private static String replace(Pattern p, String text, java.util.function.Function<Matcher, String> html,
                                  List<String> pieces) {
        Matcher m = p.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            pieces.add(html.apply(m));
            m.appendReplacement(out, Matcher.quoteReplacement(MARK + String.valueOf(pieces.size() - 1) + MARK));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static String restore(String text, List<String> pieces) {
        Matcher m = Pattern.compile(MARK + "(\\d+)" + MARK).matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(restore(pieces.get(Integer.parseInt(m.group(1))),
                    pieces)));
        }
        m.appendTail(out);
        return out.toString();
    }
}
