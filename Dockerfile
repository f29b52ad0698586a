# trawl: one image for the Dagster code location, webserver, daemon and ad-hoc crawls.
FROM python:3.11-slim

# Debian's Chromium: Playwright's own browser download is not needed (nor always reachable).
# TRAWL_CHROMIUM_NO_SANDBOX: Docker's default seccomp profile denies the user namespaces
# Chromium's own sandbox needs, so it runs without one (the container is the sandbox).
RUN apt-get update \
 && apt-get install -y --no-install-recommends chromium ca-certificates \
 && rm -rf /var/lib/apt/lists/*

COPY --from=ghcr.io/astral-sh/uv:0.13.9 /uv /usr/local/bin/uv
ENV UV_PROJECT_ENVIRONMENT=/opt/venv \
    UV_COMPILE_BYTECODE=1 \
    PATH=/opt/venv/bin:$PATH \
    TRAWL_CHROMIUM_PATH=/usr/bin/chromium \
    TRAWL_CHROMIUM_NO_SANDBOX=1 \
    TRAWL_DATA_DIR=/data \
    DAGSTER_HOME=/opt/dagster

WORKDIR /app
# dependencies first, from the lock, so code changes don't reinstall them
COPY pyproject.toml uv.lock README.md ./
RUN uv sync --frozen --no-dev --no-install-project
COPY . .
RUN uv sync --frozen --no-dev && mkdir -p $DAGSTER_HOME && cp deploy/dagster.yaml $DAGSTER_HOME/

# /data: TRAWL_DATA_DIR (the warehouse, exports, spill files) on a volume; created here so
# that the volume Docker mounts over it belongs to the trawl user, not to root.
RUN useradd --create-home trawl && mkdir -p /data $DAGSTER_HOME/storage \
 && chown -R trawl /app /data $DAGSTER_HOME
USER trawl
EXPOSE 3000 4000
CMD ["dagster", "code-server", "start", "-h", "0.0.0.0", "-p", "4000", "-m", "orchestration.definitions"]
