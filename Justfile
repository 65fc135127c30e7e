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

# Build the image from Containerfile.
image:
    npm ci
    docker build -t airlock:dev -f Containerfile .

# Run the compose sandbox (agent + airlock on the mock backend).
sandbox:
    docker compose up --build

# The container test suite (builds the image with local base images).
test-containers:
    bash .ci/containers.sh
