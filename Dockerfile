# Operator image: the shaded jar on a JRE, running as a non-root user.
#   docker build -t runnerstack-operator:0.1.0 .

FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
# The poms first, so that the dependency download stays cached while only sources change.
COPY pom.xml ./
COPY operator/pom.xml operator/
RUN mvn -B -q -pl operator dependency:resolve dependency:resolve-plugins
COPY operator/src operator/src
RUN mvn -B -DskipTests package \
 && cp operator/target/runnerstack-operator-*.jar /tmp/runnerstack-operator.jar

# NOTE: production builds should pin this image by digest (eclipse-temurin:17.0.15_6-jre-noble@sha256:…);
# the tag alone can be re-pointed by its publisher.
FROM eclipse-temurin:17.0.15_6-jre-noble
WORKDIR /app
COPY --from=build /tmp/runnerstack-operator.jar /app/runnerstack-operator.jar
# 65532 matches runAsUser in the Helm chart. The JVM writes only to /tmp, which the chart mounts as an
# emptyDir because the root filesystem is read-only there.
USER 65532:65532
# /healthz, /readyz and /metrics (HTTP_PORT, default 8080).
EXPOSE 8080
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-jar", "/app/runnerstack-operator.jar"]
CMD ["run"]
