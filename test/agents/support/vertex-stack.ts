/**
 * airlock in-process on loopback with one `vertex` backend for every `claude-*` model: its `url` is a
 * scripted Claude on Vertex AI (scripted-upstream.ts), its credentials a service-account key made at
 * test time whose `token_uri` is a loopback token server (the integration tests' vertex support), so
 * that a test can tell the ADC token airlock injected from anything the agent holds.
 */
import type { RunningAirlock } from "../../integration/support/airlock.ts";
import {
  type ServiceAccount,
  startServiceAccount,
  startVertexAirlock,
} from "../../integration/support/vertex-stack.ts";
import { type ScriptedUpstream, startScriptedUpstream } from "./scripted-upstream.ts";

/** The project and location airlock is configured with; the agent's own are to be replaced by them. */
export const vertexProject = "airlock-agents-project";
export const vertexLocation = "us-east5";

export type VertexStack = {
  readonly airlock: RunningAirlock;
  readonly vertex: ScriptedUpstream;
  readonly account: ServiceAccount;
  readonly token: string;
  close(): Promise<void>;
};

export async function startVertexStack(file: string): Promise<VertexStack> {
  const token = `test-agent-token-${crypto.randomUUID()}`;
  const account = await startServiceAccount();
  const vertex = await startScriptedUpstream("vertex", file);
  const airlock = await startVertexAirlock(account, {
    url: vertex.url,
    project: vertexProject,
    location: vertexLocation,
    models: ["claude-*"],
    clientToken: token,
  });
  return {
    airlock,
    vertex,
    account,
    token,
    close: async () => {
      await airlock.close();
      await vertex.close();
      await account.close();
    },
  };
}
