import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { CanonicalEvent } from "../../../../src/canonical/events.ts";
import { openaiChat } from "../../../../src/dialects/openai-chat/dialect.ts";
import { anyText, bodyInRead } from "../../sse/json-escapes.ts";

const writer = (includeUsage: boolean) =>
  openaiChat.createStreamWriter({
    model: "m",
    instructions: [],
    turns: [],
    tools: [],
    stream: true,
    includeUsage,
  });
const start: CanonicalEvent = { type: "start", id: 'chatcmpl-"x"', model: "gpt/é", created: 1755433010 };

describe("openaiChat stream writer renderTextBody", () => {
  for (const includeUsage of [true, false]) {
    it(`renderTextBody writes the object path's bytes for plain text (include_usage ${includeUsage})`, () => {
      const lane = writer(includeUsage);
      const objects = writer(includeUsage);
      expect(lane.render(start)).toBe(objects.render(start));
      fc.assert(
        fc.property(anyText, (text) => {
          const bytes = lane.renderTextBody?.(...bodyInRead(text));
          expect(Buffer.from(bytes ?? []).toString()).toBe(objects.render({ type: "text-delta", text }));
        }),
        { numRuns: 300 },
      );
    });
  }

  it("renderTextBody declines before start, after finish and after an error", () => {
    const one = writer(true);
    expect(one.renderTextBody?.(...bodyInRead("a"))).toBeUndefined();
    one.render(start);
    expect(one.renderTextBody?.(...bodyInRead("a"))).toBeDefined();
    one.render({ type: "finish", reason: "stop" });
    expect(one.renderTextBody?.(...bodyInRead("a"))).toBeUndefined();
    const two = writer(false);
    two.render(start);
    two.render({ type: "error", message: "boom" });
    expect(two.renderTextBody?.(...bodyInRead("a"))).toBeUndefined();
  });

  it("renderTextBody follows a new start's id and model", () => {
    const lane = writer(false);
    lane.render(start);
    lane.renderTextBody?.(...bodyInRead("a"));
    lane.render({ ...start, id: "other" });
    expect(Buffer.from(lane.renderTextBody?.(...bodyInRead("b")) ?? []).toString()).toContain('"id":"other"');
  });
});
