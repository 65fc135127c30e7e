/**
 * Responses `instructions` and `input` -> canonical instructions and turns. `instructions` comes
 * first; system and developer messages anywhere in `input` follow it, in order. Reasoning items are
 * kept as the very objects the client sent (see OpaqueReasoning). Items that only mean something to
 * OpenAI's servers (`item_reference`, hosted-tool calls) are refused, naming the item.
 */
import type { ContentPart, Instruction, TextPart, Turn } from "../../canonical/request.ts";
import { imageSourceFromUrl } from "../../canonical/request.ts";
import { refuse } from "../openai-chat/narrow.ts";
import {
  isCommonAssistantMessage,
  isCommonFunctionCall,
  isCommonFunctionCallOutput,
  isCommonInstructionMessage,
  isCommonItem,
  isCommonUserMessage,
  narrowCommon,
} from "./check-request.ts";
import {
  assistantMessage,
  functionCall,
  functionCallOutput,
  type InputContentIn,
  inputItem,
  instructionMessage,
  userMessage,
} from "./request-schema.ts";

export type DecodedInput = { readonly instructions: Instruction[]; readonly turns: Turn[] };

export function decodeInput(
  instructions: string | readonly unknown[] | undefined,
  input: string | readonly unknown[],
) {
  const out: DecodedInput = { instructions: [], turns: [] };
  if (typeof instructions === "string") {
    if (instructions !== "") out.instructions.push({ role: "system", text: instructions });
  } else if (instructions !== undefined) {
    instructions.forEach((item, i) => {
      decodeItem(item, `instructions[${i}]`, out);
    });
  }
  if (typeof input === "string") {
    out.turns.push({ type: "message", role: "user", content: textParts(input) });
  } else {
    input.forEach((item, i) => {
      decodeItem(item, `input[${i}]`, out);
    });
  }
  return out;
}

function decodeItem(raw: unknown, at: string, out: DecodedInput): void {
  const item = narrowCommon(isCommonItem, inputItem, raw, { what: "input item", at });
  const type = item.type ?? "message";
  switch (type) {
    case "message":
      decodeMessage(raw, item.role, at, out);
      return;
    case "function_call": {
      const call = narrowCommon(isCommonFunctionCall, functionCall, raw, { what: "function_call item", at });
      out.turns.push({ type: "tool-call", id: call.call_id, name: call.name, arguments: call.arguments });
      return;
    }
    case "function_call_output": {
      const result = narrowCommon(isCommonFunctionCallOutput, functionCallOutput, raw, {
        what: "function_call_output item",
        at,
      });
      const content =
        typeof result.output === "string"
          ? textParts(result.output)
          : result.output.map((part, j) => decodeContent(part, `${at}.output[${j}]`));
      out.turns.push({ type: "tool-result", callId: result.call_id, content });
      return;
    }
    case "reasoning":
      // The client's own object, not zod's copy (which reorders keys): every byte of it must survive.
      if (isRecord(raw)) out.turns.push({ type: "reasoning", raw });
      return;
    case "item_reference":
      throw refuse(`${at}.type`, "item references need server-side state; send the items themselves");
    default:
      throw refuse(`${at}.type`, `input items of type ${type} cannot be translated`);
  }
}

function decodeMessage(raw: unknown, role: string | undefined, at: string, out: DecodedInput): void {
  switch (role) {
    case "system":
    case "developer": {
      const m = narrowCommon(isCommonInstructionMessage, instructionMessage, raw, message(at));
      const texts = typeof m.content === "string" ? [m.content] : m.content.map((p) => p.text);
      for (const text of texts) if (text !== "") out.instructions.push({ role: m.role, text });
      return;
    }
    case "user": {
      const m = narrowCommon(isCommonUserMessage, userMessage, raw, message(at));
      const content =
        typeof m.content === "string"
          ? textParts(m.content)
          : m.content.map((part, j) => decodeContent(part, `${at}.content[${j}]`));
      out.turns.push({ type: "message", role: "user", content });
      return;
    }
    case "assistant": {
      const m = narrowCommon(isCommonAssistantMessage, assistantMessage, raw, message(at));
      const content: TextPart[] =
        typeof m.content === "string"
          ? textParts(m.content)
          : m.content.map((p) => ({ type: "text", text: p.type === "refusal" ? p.refusal : p.text }));
      out.turns.push({ type: "message", role: "assistant", content });
      return;
    }
    default:
      throw refuse(`${at}.role`, `expected one of user, assistant, system, developer`);
  }
}

function message(at: string) {
  return { what: "input message", at };
}

function decodeContent(part: InputContentIn, at: string): ContentPart {
  switch (part.type) {
    case "input_text":
      return { type: "text", text: part.text };
    case "input_image": {
      if (part.image_url == null) {
        throw refuse(
          `${at}.file_id`,
          "images by file id live on OpenAI's servers; send image_url (a URL or data URL)",
        );
      }
      const source = imageSourceFromUrl(part.image_url);
      const detail = part.detail;
      return detail === "low" || detail === "high"
        ? { type: "image", source, detail }
        : { type: "image", source };
    }
    case "input_file":
      return {
        type: "file",
        ...(part.filename == null ? {} : { filename: part.filename }),
        ...(part.file_data == null ? {} : { data: part.file_data }),
        ...(part.file_id == null ? {} : { fileId: part.file_id }),
        ...(part.file_url == null ? {} : { url: part.file_url }),
      };
    case "input_audio":
      throw refuse(`${at}.type`, "audio input cannot be translated to another API dialect");
  }
}

/** A string is one text part, or none when empty: `""` and `[]` mean the same on every wire. */
function textParts(text: string): TextPart[] {
  return text === "" ? [] : [{ type: "text", text }];
}

function isRecord(value: unknown): value is Readonly<Record<string, unknown>> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
