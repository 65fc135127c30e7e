/**
 * The whole-request limit: a signal that aborts when the client's does or when time is up. One timer
 * and one listener per request; cheaper than AbortSignal.any + AbortSignal.timeout, and `clear()`
 * releases both as soon as the answer is complete.
 */
export type Deadline = { readonly signal: AbortSignal; clear(): void };

export function deadline(parent: AbortSignal, ms: number): Deadline {
  const controller = new AbortController();
  const onAbort = () => controller.abort(parent.reason);
  if (parent.aborted) onAbort();
  else parent.addEventListener("abort", onAbort, { once: true });
  const timer = setTimeout(() => {
    controller.abort(new DOMException(`no answer within ${ms} ms`, "TimeoutError"));
  }, ms);
  timer.unref();
  return {
    signal: controller.signal,
    clear() {
      clearTimeout(timer);
      parent.removeEventListener("abort", onAbort);
    },
  };
}
