# Builds the Sluice service and runs one member. docker-compose.yml starts three of these.
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY pom.xml .
RUN mvn -B -q dependency:go-offline
COPY src src
RUN mvn -B -q package -DskipTests

FROM eclipse-temurin:17-jre
WORKDIR /app
COPY --from=build /src/target/sluice-*.jar /app/sluice.jar
COPY config /app/config
EXPOSE 8080 5701
ENTRYPOINT ["java", "-jar", "/app/sluice.jar"]
