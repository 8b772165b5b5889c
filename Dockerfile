# imsdoc in a container. Build the image, then build a manual in the current directory:
#   docker build -t imsdoc .
#   docker run --rm -v "$PWD:/manual" imsdoc build          (any subcommand: check, pdf, ...)
# The build stage runs tools/package.sh, which tests/cli/package_test.py runs too; the image
# installs the .deb it makes, with WeasyPrint (imsdoc pdf) and git (diff, --from-git).
# Outside a git checkout: docker build --build-arg IMSDOC_GIT_DESCRIPTION=v0.1.0 -t imsdoc .

FROM debian:12 AS build
COPY tools/debian-packages.txt tools/package.sh /src/tools/
RUN /src/tools/package.sh deps && apt-get install -y -qq --no-install-recommends git
COPY . /src
ARG IMSDOC_GIT_DESCRIPTION=
RUN /src/tools/package.sh build /tmp/build /out -DIMSDOC_GIT_DESCRIPTION="$IMSDOC_GIT_DESCRIPTION"

FROM debian:12-slim
# git config: a mounted manual belongs to the host's user, which git would refuse as "dubious
# ownership" (diff, history: git).
COPY --from=build /out/*.deb /tmp/
RUN apt-get update -qq \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
      /tmp/imsdoc_*.deb weasyprint python3-munkres git ca-certificates fonts-dejavu-core \
 && rm -rf /var/lib/apt/lists/* /tmp/*.deb \
 && git config --system --add safe.directory '*'
ENV TZ=UTC
WORKDIR /manual
ENTRYPOINT ["imsdoc"]
CMD ["build"]
