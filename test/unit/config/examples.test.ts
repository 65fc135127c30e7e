/** The shipped example configurations load as they are. */
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { loadConfig } from "../../../src/config/load.ts";

const env = { HOME: "/nonexistent", XDG_CONFIG_HOME: "/nonexistent", XDG_CONFIG_DIRS: "/nonexistent" };

describe("examples/lightspeed.toml", () => {
  it("loadConfig reads the Lightspeed example: a responses backend over RHSM mTLS with its defaults", () => {
    const path = fileURLToPath(new URL("../../../examples/lightspeed.toml", import.meta.url));
    const config = loadConfig({ config: path }, env);
    expect(config.server.listen).toEqual({ host: "127.0.0.1", port: 8080 });
    expect(config.backends).toHaveLength(1);
    expect(config.backends[0]).toMatchObject({
      name: "lightspeed",
      kind: "responses",
      url: "https://cert.console.redhat.com/api/lightspeed/v1",
      models: ["*"],
      tls: {
        certFile: "/etc/pki/consumer/cert.pem",
        keyFile: "/etc/pki/consumer/key.pem",
        caFile: "/etc/rhsm/ca/redhat-uep.pem",
      },
      headers: { "X-LCS-Merge-Server-Tools": "true" },
      defaultBody: { generate_topic_summary: false },
    });
  });
});
