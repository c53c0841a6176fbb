// pi-gateway agent tools: a bridge to the gateway that started this pi process.
// Written by the gateway under dataDir at start and loaded with --extension; do not edit the copy there.
// Each call POSTs the tool's arguments to $PI_GATEWAY_TOOLS_URL/<tool> with this process's own secret,
// which the gateway accepts only while this process runs a turn (and for that turn's session).
// The gateway decides which chat the call acts on (the session this process serves right now).
import type { ExtensionAPI } from "@mariozechner/pi-coding-agent";
import { readFileSync, unlinkSync } from "node:fs";
import { Type } from "typebox";

const BASE_URL = process.env.PI_GATEWAY_TOOLS_URL;
// The secret comes in a one-shot file, never in the environment (/proc/<pid>/environ would keep it
// for the life of the process, readable by other processes): read it, unlink it at once. pi may
// evaluate this module more than once, so the first evaluation parks the secret for the later ones.
const shared = globalThis as { __piGatewayToolsSecret?: string };
function takeSecret(): string | undefined {
  const file = process.env.PI_GATEWAY_TOOLS_HANDOVER;
  delete process.env.PI_GATEWAY_TOOLS_HANDOVER;
  if (!file) {
    return undefined;
  }
  try {
    return readFileSync(file, "utf8").trim() || undefined;
  } catch {
    return undefined; // already taken (a later evaluation) or never written
  } finally {
    try {
      unlinkSync(file);
    } catch {
      // gone already, or a read-only sandbox bind: the gateway deletes it once pi answers
    }
  }
}
const SECRET = shared.__piGatewayToolsSecret ?? takeSecret();
shared.__piGatewayToolsSecret = SECRET;

async function callGateway(tool: string, params: unknown, signal?: AbortSignal): Promise<string> {
  if (!BASE_URL || !SECRET) {
    throw new Error("the gateway tools are not available in this process");
  }
  const response = await fetch(`${BASE_URL}/${tool}`, {
    method: "POST",
    signal,
    headers: { "content-type": "application/json", "x-pi-gateway-tools-secret": SECRET },
    body: JSON.stringify(params ?? {}),
  });
  let body: any = null;
  try {
    body = await response.json();
  } catch {
    // not JSON: reported by status below
  }
  if (!response.ok || !body || body.ok !== true) {
    throw new Error(body?.error?.message ?? `gateway HTTP ${response.status}`);
  }
  return String(body.text ?? "ok");
}

// ---- Gateway hooks around tool calls ----------------------------------------------------------
// pi waits for these handlers, so the gateway's before_tool_call hooks may rewrite a call's
// arguments or block it, and its tool_result_persist hooks may rewrite the result pi stores.
// A gateway that cannot be asked never blocks a tool: any failure answers "no change".
async function askHooks(point: string, call: unknown, signal?: AbortSignal): Promise<any> {
  if (!BASE_URL || !SECRET) {
    return {};
  }
  try {
    const response = await fetch(`${BASE_URL}/hook/${point}`, {
      method: "POST",
      signal,
      headers: { "content-type": "application/json", "x-pi-gateway-tools-secret": SECRET },
      body: JSON.stringify(call),
    });
    return response.ok ? ((await response.json()) ?? {}) : {};
  } catch {
    return {};
  }
}

function gatewayToolHooks(pi: ExtensionAPI) {
  pi.on("tool_call", async (event: any, ctx: any) => {
    const answer = await askHooks("before_tool_call",
      { toolName: event.toolName, toolCallId: event.toolCallId, input: event.input }, ctx?.signal);
    if (answer.params && typeof answer.params === "object" && event.input && typeof event.input === "object") {
      // pi runs the tool with event.input: change it in place
      for (const key of Object.keys(event.input)) {
        delete event.input[key];
      }
      Object.assign(event.input, answer.params);
    }
    return answer.block ? { block: true, reason: String(answer.reason ?? "blocked by the gateway") } : undefined;
  });
  pi.on("tool_result", async (event: any, ctx: any) => {
    const answer = await askHooks("tool_result_persist", { toolName: event.toolName, toolCallId: event.toolCallId,
      input: event.input, content: event.content, isError: event.isError }, ctx?.signal);
    const patch: any = {};
    if (Array.isArray(answer.content)) {
      patch.content = answer.content;
    }
    if (typeof answer.isError === "boolean") {
      patch.isError = answer.isError;
    }
    return Object.keys(patch).length > 0 ? patch : undefined;
  });
}

export default function (pi: ExtensionAPI) {
  gatewayToolHooks(pi);

  const register = (name: string, label: string, description: string, guideline: string, parameters: any) =>
    pi.registerTool({
      name,
      label,
      description,
      promptSnippet: description,
      promptGuidelines: [guideline],
      parameters,
      async execute(_toolCallId: string, params: unknown, signal?: AbortSignal) {
        const text = await callGateway(name, params, signal);
        return { content: [{ type: "text", text }], details: {} };
      },
    });

  register("send_message", "Send message",
    "Send a message to the current chat now (before the final answer).",
    "Use send_message for interim updates in the chat you are serving; your final answer is sent anyway.",
    Type.Object({
      text: Type.String({ description: "Message text (Markdown)" }),
      replyTo: Type.Optional(Type.String({ description: "Message id to reply to" })),
    }));

  register("send_media", "Send media",
    "Send a file to the current chat: a path in your working directory or the gateway media directory, or an http(s) URL.",
    "Use send_media to share images or files with the chat you are serving.",
    Type.Object({
      path: Type.String({ description: "File path (relative to the working directory) or http(s) URL" }),
      type: Type.Union([Type.Literal("photo"), Type.Literal("audio"), Type.Literal("document"),
        Type.Literal("video"), Type.Literal("sticker")]),
      caption: Type.Optional(Type.String()),
    }));

  register("message", "Act on a message",
    "React to, edit, delete or pin a message in the current chat.",
    "Use message to react to, edit, delete or pin messages of the chat you are serving.",
    Type.Object({
      action: Type.Union([Type.Literal("react"), Type.Literal("edit"), Type.Literal("delete"), Type.Literal("pin")]),
      messageId: Type.String(),
      emoji: Type.Optional(Type.String({ description: "For react" })),
      text: Type.Optional(Type.String({ description: "For edit" })),
    }));

  register("gateway", "Gateway control",
    "Reload the gateway configuration or restart the gateway.",
    "Use gateway only when the user asks to reload the configuration or restart the gateway.",
    Type.Object({ action: Type.Union([Type.Literal("reload"), Type.Literal("restart")]) }));

  register("session_status", "Session status",
    "Token usage, cost, model and context use of this conversation.",
    "Use session_status when asked about usage, cost, the model or how full the context is.",
    Type.Object({}));
}
