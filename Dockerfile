# One Sluice member; docker-compose.yml starts three of these. See the README, "With Docker".
#
# The base images are build arguments: the public ones by default; docker/local-images.sh builds
# stand-ins from Debian packages on a machine that cannot pull them (and prints the variables to set).
#
# Where the service jar comes from (the `build` stage):
# - target/sluice-<version>-service.jar, when the host built it (`mvn package`): copied as it is. This
#   is the fast path, and the only one where Maven inside a container cannot reach Maven Central.
# - otherwise Maven builds it inside BUILD_IMAGE (which must then have Maven: the default does).
# The jar is split into Spring Boot's layers, so a rebuild after a code change reuses the 44 MB
# dependencies layer. The choice is made inside one stage, so Docker's classic builder (which builds
# every stage, used or not) and BuildKit give the same image.
ARG BUILD_IMAGE=maven:3.9-eclipse-temurin-17
ARG RUNTIME_IMAGE=eclipse-temurin:17-jre

FROM ${BUILD_IMAGE} AS build
WORKDIR /build
# the jar's glob may match nothing (then pom.xml alone is copied); .dockerignore lets no other file of target/ in
COPY pom.xml target/sluice-*-service.jar* ./
COPY src src
COPY docker/build-jar.sh /usr/local/bin/
RUN build-jar.sh /build /build/sluice.jar \
    && java -Djarmode=tools -jar sluice.jar extract --layers --destination layers

FROM ${RUNTIME_IMAGE}
# a system user without a login shell or home of its own; the files stay root's, so it cannot change them
RUN groupadd --system sluice && useradd --system --gid sluice --no-create-home --home-dir /app \
        --shell /usr/sbin/nologin sluice
WORKDIR /app
COPY --from=build /build/layers/dependencies/ ./
COPY --from=build /build/layers/spring-boot-loader/ ./
COPY --from=build /build/layers/snapshot-dependencies/ ./
COPY config config
COPY docker/healthcheck.sh /usr/local/bin/sluice-healthcheck
COPY --from=build /build/layers/application/ ./
# flow jars dropped in (docker-compose.yml mounts ./flows here): every *.jar is loaded at start
RUN mkdir -p /app/flows
ENV SLUICE_FLOWS_PATH=/app/flows
USER sluice
EXPOSE 8080 5701
# healthy once the readiness probe answers 200: the member has joined and serves; SIGTERM turns it 503
HEALTHCHECK --interval=5s --timeout=3s --start-period=120s --retries=3 CMD ["sluice-healthcheck"]
# Exec form: java is PID 1 and gets SIGTERM itself (the JVM handles it), so `docker stop` drains the
# member (see the README, "Stopping a member"). The heap follows the container's memory limit; the
# --add-opens are those Hazelcast asks for (else it warns at every start and runs slower). More JVM
# options: JDK_JAVA_OPTIONS. The JVM's performance counters (jstat's) are sampled once a second, not
# every 50 ms: on an idle member that sampling was a fifth of its wake-ups.
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-XX:+ExitOnOutOfMemoryError", "-XX:PerfDataSamplingInterval=1000", \
    "--add-modules", "java.se", "--add-exports", "java.base/jdk.internal.ref=ALL-UNNAMED", \
    "--add-opens", "java.base/java.lang=ALL-UNNAMED", "--add-opens", "java.base/sun.nio.ch=ALL-UNNAMED", \
    "--add-opens", "java.management/sun.management=ALL-UNNAMED", \
    "--add-opens", "jdk.management/com.sun.management.internal=ALL-UNNAMED", \
    "-jar", "/app/sluice.jar"]
