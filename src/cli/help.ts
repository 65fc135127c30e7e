export const helpText = `airlock — keeps LLM credentials outside a sandboxed AI agent

Usage:
  airlock [serve] [--config PATH] [--listen HOST:PORT]   run the server (the default)
  airlock check [--config PATH]                          validate the configuration, print it with secrets redacted
  airlock healthcheck [--config PATH] [--listen HOST:PORT]  exit 0 if the local server answers /healthz
  airlock --help | --version

Flags:
  --config PATH        TOML file (else AIRLOCK_CONFIG, else $XDG_CONFIG_HOME/airlock/config.toml,
                       else airlock/config.toml under $XDG_CONFIG_DIRS, default /etc/xdg)
  --listen HOST:PORT   address to listen on (default 127.0.0.1:8080)

Environment (overrides the file; flags override the environment):
  AIRLOCK_LISTEN                      HOST:PORT to listen on
  AIRLOCK_API_KEY, AIRLOCK_API_KEY_FILE
                                      the client token (16+ characters) agents must present as
                                      Authorization: Bearer, x-api-key or x-goog-api-key
  AIRLOCK_ALLOW_UNAUTHENTICATED=1     allow listening beyond loopback with no client token
  AIRLOCK_BACKEND                     kind of the single backend: openai, openai-compatible, responses, anthropic, vertex, mock
  AIRLOCK_BACKEND_URL                 its base URL, with the version path (e.g. http://vllm:8000/v1);
                                      required for openai-compatible and responses; for anthropic
                                      the bare origin (default https://api.anthropic.com)
  AIRLOCK_BACKEND_API_KEY, AIRLOCK_BACKEND_API_KEY_FILE
                                      its API key (OPENAI_API_KEY / ANTHROPIC_API_KEY are honoured
                                      for openai / anthropic)
  AIRLOCK_TLS_CERT_FILE, AIRLOCK_TLS_KEY_FILE, AIRLOCK_TLS_CA_FILE
                                      mTLS client certificate, key and CA bundle for the backend
  GOOGLE_APPLICATION_CREDENTIALS      vertex: the ADC file (else gcloud's ADC, else the metadata server)
  GOOGLE_CLOUD_PROJECT, GOOGLE_CLOUD_LOCATION
                                      vertex: project, and location (global, or a region; default global)
  AIRLOCK_DEFAULT_MODEL               model used when a request names none
  AIRLOCK_MAX_BODY_BYTES              largest request body accepted (default 33554432)
  AIRLOCK_SHUTDOWN_GRACE_SECONDS      how long in-flight requests may finish after SIGTERM (default 30)
  AIRLOCK_LOG_LEVEL                   trace, debug, info (default), warn, error, fatal, silent
  AIRLOCK_CONFIG                      TOML file to read

Endpoints: /v1/chat/completions, /v1/responses (OpenAI), /v1/messages and
/v1/messages/count_tokens (Anthropic), each passed through or translated for any backend;
/v1/projects/{p}/locations/{l}/publishers/{pub}/models/{m}:{verb} (Vertex AI, to a vertex backend).

Claude Code through airlock:
  ANTHROPIC_BASE_URL=http://airlock:8080 ANTHROPIC_AUTH_TOKEN=<client token> claude

Quick start, no credentials:
  AIRLOCK_BACKEND=mock airlock
  curl -s localhost:8080/v1/chat/completions -H 'content-type: application/json' \\
    -d '{"model":"mock","messages":[{"role":"user","content":"hello"}]}'
`;
