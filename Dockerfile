# Headwater in a container: build with Maven, run on a JRE.
#
#   docker build -t headwater .
#   docker run -p 1935:1935 -p 8080:8080 -v headwater-data:/var/lib/headwater headwater --demo
#
# A configuration file: -v ./headwater.yaml:/etc/headwater/headwater.yaml:ro
#   -e HEADWATER_CONFIG=/etc/headwater/headwater.yaml
# docker stop sends SIGTERM; the drain takes at most 30 s, so give it: docker stop -t 35.

FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY . .
RUN mvn -B -q -DskipTests package

FROM eclipse-temurin:17-jre
RUN useradd --system --home-dir /var/lib/headwater --create-home headwater
COPY --from=build /src/http-origin/target/origin.jar /opt/headwater/origin.jar
COPY config/headwater.example.yaml /etc/headwater/headwater.example.yaml
USER headwater
WORKDIR /var/lib/headwater
ENV HEADWATER_DATA_DIR=/var/lib/headwater
VOLUME /var/lib/headwater
EXPOSE 1935 8080
STOPSIGNAL SIGTERM
# ZGC: see README, Operations: JVM (the live store asks for concurrent cycles).
ENTRYPOINT ["java", "-XX:+UseZGC", "-jar", "/opt/headwater/origin.jar"]
