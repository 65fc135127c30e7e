# airlock's everyday commands. `just --list` shows them.

# Run airlock on the built-in mock backend (no credentials needed).
run:
    AIRLOCK_BACKEND=mock npm start

# Install and run the unit and integration tests.
test:
    npm ci
    npm test

# Lint, format check and type check.
lint:
    npm run lint
    npm run typecheck

# Benchmark pass-through against a direct connection and a bare Node pipe.
bench:
    npm run bench

# Build the image from Containerfile (compiles inside the build; see the README for offline builds).
image:
    docker build -t localhost/airlock -f Containerfile .

# Run the compose sandbox: an agent container with no route out, and airlock on the mock backend.
sandbox:
    install -d -m 0700 secrets && touch secrets/provider-api-key
    AIRLOCK_BACKEND=mock AIRLOCK_CLIENT_TOKEN=$(openssl rand -hex 24) docker compose up --build

# The container test suite (builds the image with local base images).
test-containers:
    bash .ci/containers.sh
