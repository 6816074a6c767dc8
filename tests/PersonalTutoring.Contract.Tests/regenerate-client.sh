#!/usr/bin/env bash
# Regenerates Client/ (the Kiota client of the integration routes) from the contract the host serves today.
# Needs a test database like every test (TUTORING_TEST_DB, or PostgreSQL binaries for a throw-away cluster).
set -euo pipefail
cd "$(dirname "$0")/../.."
UPDATE_CONTRACT_CLIENT=1 dotnet test tests/PersonalTutoring.Contract.Tests --filter "FullyQualifiedName~The_committed_client_is_what_kiota_generates"
git status --short tests/PersonalTutoring.Contract.Tests/Client
