# The API host, built from source and run the production way: the Production environment, an unprivileged user and
# a health check. Build: docker build -t personal-tutoring .   (docker-compose.yml does it for you.)
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
# global.json pins the SDK band of the developers' machines; the image's own SDK 10.0 builds the same code.
COPY Directory.Build.props Directory.Packages.props ./
COPY src/ src/
RUN dotnet publish src/Host/PersonalTutoring.Host/PersonalTutoring.Host.csproj -c Release -o /app -p:UseAppHost=false

FROM mcr.microsoft.com/dotnet/aspnet:10.0
WORKDIR /app
COPY --from=build /app .
# Production unless told otherwise: no local database, no development tokens, pre-generated handler code only.
# A 32 MiB generation-0 budget keeps the idle host and the KPI answers within their memory targets (docs/adr/0092);
# the runtime configuration cannot carry it, only the environment.
ENV ASPNETCORE_ENVIRONMENT=Production \
    DOTNET_ENVIRONMENT=Production \
    ASPNETCORE_URLS=http://+:8080 \
    DOTNET_GCgen0size=0x2000000
# The image's unprivileged "app" user (APP_UID, 1654); the application's files stay root-owned, read-only to it.
USER $APP_UID
EXPOSE 8080
# The host's own `health` verb asks /health/ready (the image has no curl or wget).
HEALTHCHECK --interval=30s --timeout=10s --start-period=60s --retries=3 \
    CMD ["dotnet", "PersonalTutoring.Host.dll", "health", "--url", "http://127.0.0.1:8080/health/ready"]
ENTRYPOINT ["dotnet", "PersonalTutoring.Host.dll"]
