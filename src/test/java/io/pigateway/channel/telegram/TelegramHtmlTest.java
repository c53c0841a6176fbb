package io.pigateway.channel.telegram;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TelegramHtmlTest {

    @Test
    void convertsCommonMarkdown() {
        assertThat(TelegramHtml.toHtml("**bold** and *it* and _it2_ and ~~gone~~"))
                .isEqualTo("<b>bold</b> and <i>it</i> and <i>it2</i> and <s>gone</s>");
        assertThat(TelegramHtml.toHtml("see [docs](https://example.com/a?b=1&c=2)"))
                .isEqualTo("see <a href=\"https://example.com/a?b=1&amp;c=2\">docs</a>");
        assertThat(TelegramHtml.toHtml("# Title\ntext")).isEqualTo("<b>Title</b>\ntext");
    }

    @Test
    void escapesTextAndKeepsCodeLiteral() {
        assertThat(TelegramHtml.toHtml("a < b && c > d")).isEqualTo("a &lt; b &amp;&amp; c &gt; d");
        assertThat(TelegramHtml.toHtml("use `x**2 < y`")).isEqualTo("use <code>x**2 &lt; y</code>");
        assertThat(TelegramHtml.toHtml("```java\nif (a < b) { **no** }\n```\nafter"))
                .isEqualTo("<pre><code class=\"language-java\">if (a &lt; b) { **no** }</code></pre>\nafter");
    }

    @Test
    void unbalancedMarkupStaysLiteral() {
        assertThat(TelegramHtml.toHtml("2 * 3 = 6 and snake_case_name")).isEqualTo("2 * 3 = 6 and snake_case_name");
        assertThat(TelegramHtml.toHtml("**open")).isEqualTo("**open");
        assertThat(TelegramHtml.toHtml("```\nunterminated <code>")).isEqualTo("<pre>unterminated &lt;code&gt;</pre>");
    }
}
