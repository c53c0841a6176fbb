// The official `openai` npm SDK as a real peer of the gateway's OpenAI-compatible API
// (run by OpenAiSdkPeerTest). Every call goes through the SDK's own parsing: a stream it
// cannot parse throws and fails the test. Prints one JSON object with what it saw.
const path = require("path");
const { default: OpenAI, AuthenticationError } = require(path.join(process.env.OPENAI_SDK_DIR, "node_modules", "openai"));

async function main() {
  const baseURL = process.env.GATEWAY_URL + "/v1";
  const client = new OpenAI({ baseURL, apiKey: process.env.GATEWAY_TOKEN, maxRetries: 0, timeout: 60_000 });
  const out = {};

  const models = await client.models.list();
  out.models = models.data.map((m) => m.id);

  const completion = await client.chat.completions.create({
    model: "pi",
    messages: [{ role: "system", content: "Be brief." }, { role: "user", content: "hello from the sdk" }],
  });
  out.completion = {
    id: completion.id,
    object: completion.object,
    content: completion.choices[0].message.content,
    finishReason: completion.choices[0].finish_reason,
    usage: completion.usage,
  };

  const stream = await client.chat.completions.create({
    model: "pi",
    stream: true,
    stream_options: { include_usage: true },
    messages: [{ role: "user", content: "stream from the sdk" }],
  });
  let text = "";
  let chunks = 0;
  let finishReason = null;
  let usage = null;
  for await (const chunk of stream) {
    chunks++;
    if (chunk.object !== "chat.completion.chunk") throw new Error("unexpected chunk object " + chunk.object);
    const choice = chunk.choices[0];
    if (choice) {
      text += choice.delta.content ?? "";
      finishReason = choice.finish_reason ?? finishReason;
    }
    if (chunk.usage) usage = chunk.usage;
  }
  out.stream = { text, chunks, finishReason, usage };

  // the SDK's helper that assembles a stream into a completion parses every chunk too
  const runner = client.chat.completions.stream({ model: "pi", messages: [{ role: "user", content: "assembled" }] });
  const assembled = await runner.finalChatCompletion();
  out.assembled = assembled.choices[0].message.content;

  const user = "sdk-user-" + Date.now();
  const first = await client.chat.completions.create({ model: "pi", user, messages: [{ role: "user", content: "remember 6620" }] });
  const second = await client.chat.completions.create({
    model: "pi", user,
    messages: [
      { role: "user", content: "remember 6620" },
      { role: "assistant", content: first.choices[0].message.content },
      { role: "user", content: "what did I ask you to remember?" },
    ],
  });
  out.session = { user, first: first.choices[0].message.content, second: second.choices[0].message.content };

  const wrong = new OpenAI({ baseURL, apiKey: "sk-wrong-key", maxRetries: 0 });
  try {
    await wrong.chat.completions.create({ model: "pi", messages: [{ role: "user", content: "x" }] });
    out.wrongKey = { raised: null };
  } catch (e) {
    out.wrongKey = {
      raised: e.constructor.name,
      isAuthenticationError: e instanceof AuthenticationError,
      status: e.status,
      code: e.code,
      type: e.type,
    };
  }
  process.stdout.write(JSON.stringify(out) + "\n");
}

main().catch((e) => {
  process.stderr.write("peer failed: " + (e && e.stack ? e.stack : e) + "\n");
  process.exit(1);
});
