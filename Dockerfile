# authlint as a container: a static binary on distroless, run as non-root.
#
#   docker build -t authlint .
#   docker run --rm -v "$PWD:/src" -w /src authlint scan infra/
#
# Release builds pass the version, commit and date (see
# .github/workflows/release.yml); `authlint version` shows them.

FROM golang:1.26 AS build
WORKDIR /src
# Modules first, so the download layer is cached until go.mod or go.sum change.
COPY go.mod go.sum ./
RUN go mod download
COPY cmd/ cmd/
COPY internal/ internal/
COPY loader/ loader/
COPY policies/ policies/
COPY reporters/ reporters/
ARG VERSION=""
ARG COMMIT=""
ARG DATE=""
ARG TARGETOS TARGETARCH
RUN CGO_ENABLED=0 GOOS=$TARGETOS GOARCH=$TARGETARCH go build -trimpath \
      -ldflags "-s -w -X github.com/authlint/authlint/internal/cli.version=${VERSION} -X github.com/authlint/authlint/internal/cli.commit=${COMMIT} -X github.com/authlint/authlint/internal/cli.date=${DATE}" \
      -o /out/authlint ./cmd/authlint

FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/authlint /usr/local/bin/authlint
# 65532 is distroless's nonroot user.
USER 65532:65532
WORKDIR /src
ENTRYPOINT ["authlint"]
