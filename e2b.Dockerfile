# The sandbox fix jobs run in: git, bash, Node and the coding-agent CLIs. One image for both remote
# runners: the Fargate task definition's container (`docker build -f e2b.Dockerfile -t soulcaster-sandbox .`,
# pushed to ECR) and the E2B template (scripts/e2b-template.ts builds it from this file). Single stage and no
# COPY, because E2B converts the file into its own build steps. Not built in this repository's CI (no
# container engine); test/containers/ checks its rules and that E2B's parser accepts it. See docs/DEPLOY.md.
FROM node:20.20.2-bookworm-slim

# Agent versions are pinned to the ones package.json tests against (devDependencies); bump them together.
ARG KILO_VERSION=7.7.7
ARG CLAUDE_CODE_VERSION=2.1.197
ARG CODEX_VERSION=0.171.0
ARG OPENCODE_VERSION=1.18.33
ARG AIDER_VERSION=0.86.2

# bash, coreutils, gzip, tar and curl: the Fargate wrapper fetches and unpacks the job; git clones and pushes;
# python3 runs aider
RUN apt-get update \
  && apt-get install -y --no-install-recommends bash ca-certificates coreutils curl git gzip procps python3 python3-venv tar \
  && rm -rf /var/lib/apt/lists/*

RUN npm install -g --no-audit --no-fund \
    "@kilocode/cli@${KILO_VERSION}" \
    "@anthropic-ai/claude-code@${CLAUDE_CODE_VERSION}" \
    "@openai/codex@${CODEX_VERSION}" \
    "opencode-ai@${OPENCODE_VERSION}" \
  && npm cache clean --force

RUN python3 -m venv /opt/aider \
  && /opt/aider/bin/pip install --no-cache-dir "aider-chat==${AIDER_VERSION}" \
  && ln -s /opt/aider/bin/aider /usr/local/bin/aider

# Jobs never run as root: the agent executes code from the repository it is fixing.
RUN useradd --create-home --shell /bin/bash agent
USER agent
WORKDIR /home/agent
