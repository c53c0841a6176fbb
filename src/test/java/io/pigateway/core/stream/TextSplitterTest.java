package io.pigateway.core.stream;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Random;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class TextSplitterTest {

    @Test
    void shortTextIsOneChunkAndEmptyTextNone() {
        assertThat(TextSplitter.split("hello", 4096)).containsExactly("hello");
        assertThat(TextSplitter.split("", 4096)).isEmpty();
        assertThat(TextSplitter.split(null, 4096)).isEmpty();
    }

    @Test
    void prefersParagraphThenLineThenWordBoundaries() {
        assertThat(TextSplitter.split("aaaa bbbb\ncccc\n\ndddd", 16)).containsExactly("aaaa bbbb\ncccc", "dddd");
        assertThat(TextSplitter.split("aaaa bbbb\ncccc dddd", 16)).containsExactly("aaaa bbbb", "cccc dddd");
        assertThat(TextSplitter.split("aaaa bbbb cccc dddd", 16)).containsExactly("aaaa bbbb cccc", "dddd");
        assertThat(TextSplitter.split("abcdefghijklmnopqrstuvwxyz", 10))
                .containsExactly("abcdefghij", "klmnopqrst", "uvwxyz");
    }

    @Test
    void neverSplitsASurrogatePair() {
        String text = "x".repeat(9) + "😀" + "y".repeat(5);

        List<String> chunks = TextSplitter.split(text, 10);

        assertThat(chunks).containsExactly("x".repeat(9), "😀" + "y".repeat(5));
    }

    @Test
    void aLongAnswerWithALongCodeBlockSplitsAt4096WithBalancedFences() {
        String intro = "Here is the refactored service. ".repeat(10).strip();
        String code = IntStream.range(0, 100)
                .mapToObj(i -> "    int value" + i + " = compute(" + i + "); // step " + i)
                .collect(Collectors.joining("\n"));
        String outro = "That is all. ".repeat(40).strip();
        String answer = intro + "\n\n```java\n" + code + "\n```\n\n" + outro;
        assertThat(answer.length()).isBetween(5_000, 5_500);

        List<String> chunks = TextSplitter.split(answer, 4096);

        assertThat(chunks).hasSizeGreaterThan(1).allSatisfy(chunk -> {
            assertThat(chunk.length()).isLessThanOrEqualTo(4096);
            assertThat(fenceLines(chunk) % 2).as("fences balanced in:%n%s", chunk).isZero();
        });
        assertThat(chunks).hasSize(2);
        assertThat(chunks.get(0)).startsWith(intro + "\n\n```java\n").endsWith("\n```");
        assertThat(chunks.get(1)).startsWith("```java\n");
        assertThat(chunks.get(chunks.size() - 1)).endsWith(outro);
        String joined = String.join("\n", chunks);
        for (int i = 0; i < 100; i++) {
            assertThat(joined).contains("int value" + i + " = compute(" + i + "); // step " + i + "\n");
        }
        assertThat(withoutWhitespaceAndFences(joined)).isEqualTo(withoutWhitespaceAndFences(answer));
    }

    @Test
    void aCodeBlockThatFitsAChunkIsMovedWholeInsteadOfCut() {
        String before = "word ".repeat(50).strip();
        String block = "```python\n" + "print('x')\n".repeat(20) + "```";
        String text = before + "\n" + block;

        List<String> chunks = TextSplitter.split(text, 300);

        assertThat(chunks).containsExactly(before, block);
    }

    @Test
    void reopensFencesWithTheirLanguageAndLongerMarkers() {
        String text = "````md\n" + "line with ``` inside\n".repeat(10) + "````";

        List<String> chunks = TextSplitter.split(text, 80);

        assertThat(chunks).hasSizeGreaterThan(2).allSatisfy(chunk -> {
            assertThat(chunk).startsWith("````md\n").endsWith("````");
            assertThat(chunk.length()).isLessThanOrEqualTo(80);
        });
    }

    @Test
    void tinyLimitsStillProduceBoundedChunks() {
        List<String> chunks = TextSplitter.split("```kotlin\nval x = 1\n```", 5);

        assertThat(chunks).allSatisfy(c -> assertThat(c.length()).isLessThanOrEqualTo(5));
        assertThat(String.join("", chunks).replaceAll("\\s", "")).isEqualTo("```kotlinvalx=1```");
    }

    @Test
    void randomMarkdownAlwaysFitsAndKeepsItsContent() {
        Random random = new Random(42);
        String[] pieces = {"word ", "longerword ", "\n", "\n\n", "\n```js\n", "\n```\n", "😀", "x".repeat(30)};
        for (int round = 0; round < 500; round++) {
            StringBuilder text = new StringBuilder();
            int parts = 1 + random.nextInt(120);
            for (int i = 0; i < parts; i++) {
                text.append(pieces[random.nextInt(pieces.length)]);
            }
            int limit = 20 + random.nextInt(200);

            List<String> chunks = TextSplitter.split(text.toString(), limit);

            assertThat(chunks).allSatisfy(c -> {
                assertThat(c.length()).isLessThanOrEqualTo(limit);
                assertThat(c).isNotBlank();
            });
            assertThat(withoutWhitespaceAndFences(String.join("\n", chunks)))
                    .as("content of %s at limit %d", text, limit)
                    .isEqualTo(withoutWhitespaceAndFences(text.toString()));
        }
    }

    private static long fenceLines(String chunk) {
        return chunk.lines().filter(line -> line.strip().startsWith("```")).count();
    }

    @Test
    void aLineLimitCutsTallTextAndClosesAndReopensACodeBlock() {
        String prose = IntStream.range(0, 40).mapToObj(i -> "line " + i).collect(Collectors.joining("\n"));
        List<String> chunks = TextSplitter.split(prose, 2000, 17);
        assertThat(chunks).hasSize(3).allSatisfy(c -> assertThat(c.lines().count()).isLessThanOrEqualTo(17));
        assertThat(String.join("\n", chunks)).isEqualTo(prose);

        String code = "intro\n```java\n" + IntStream.range(0, 30).mapToObj(i -> "int x" + i + ";")
                .collect(Collectors.joining("\n")) + "\n```\nafter";
        List<String> parts = TextSplitter.split(code, 2000, 17);
        assertThat(parts).allSatisfy(c -> {
            assertThat(c.lines().count()).isLessThanOrEqualTo(17);
            assertThat(c.lines().filter(l -> l.startsWith("```")).count() % 2).isZero(); // every fence closed
        });
        assertThat(parts.get(1)).startsWith("```java\n");
        assertThat(withoutWhitespaceAndFences(String.join("\n", parts))).isEqualTo(withoutWhitespaceAndFences(code));
    }

    @Test
    void theCharacterLimitStaysHardUnderALineLimit() {
        String tall = IntStream.range(0, 10).mapToObj(i -> "x".repeat(500)).collect(Collectors.joining("\n"));
        assertThat(TextSplitter.split(tall, 2000, 17)).allSatisfy(c -> assertThat(c.length()).isLessThanOrEqualTo(2000));
    }

    private static String withoutWhitespaceAndFences(String s) {
        return s.lines().filter(line -> !line.strip().startsWith("```"))
                .collect(Collectors.joining()).replaceAll("\\s", "");
    }
}
