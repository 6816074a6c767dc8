using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace PersonalTutoring.BuildingBlocks.Auth;

/// <summary>The host cannot validate a single token: it says so, in one line, and does not start.</summary>
public sealed class AuthorityUnavailableException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>
/// Outside Development the OpenID Connect authority must answer with valid metadata (an issuer and signing keys)
/// before the host serves anything: a host that would refuse every token is better refused at start-up.
/// </summary>
internal sealed class AuthorityCheck(IOptions<AuthenticationSettings> settings, IOptionsMonitor<JwtBearerOptions> bearer, IHostEnvironment environment)
    : IHostedService
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (environment.IsDevelopment() || !settings.Value.HasAuthority) return;
        var authority = settings.Value.Authority!.TrimEnd('/');
        var manager = bearer.Get(JwtAuthentication.Scheme).ConfigurationManager
            ?? throw new AuthorityUnavailableException($"No metadata retriever was configured for the authority {authority}.");
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Timeout);
        Microsoft.IdentityModel.Protocols.OpenIdConnect.OpenIdConnectConfiguration metadata;
        try
        {
            metadata = await manager.GetConfigurationAsync(timeout.Token);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            throw new AuthorityUnavailableException(
                $"The OpenID Connect authority {authority} did not give valid metadata ({Innermost(e)}): check Authentication:Authority and that this host can reach {authority}/.well-known/openid-configuration.", e);
        }
        if (string.IsNullOrWhiteSpace(metadata.Issuer) || metadata.SigningKeys.Count == 0)
            throw new AuthorityUnavailableException(
                $"The OpenID Connect authority {authority} published metadata without {(string.IsNullOrWhiteSpace(metadata.Issuer) ? "an issuer" : "signing keys")}: check Authentication:Authority names the provider's issuer URL.");
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private static string Innermost(Exception e)
    {
        while (e.InnerException is not null) e = e.InnerException;
        return e is OperationCanceledException ? $"no answer within {Timeout.TotalSeconds:0} s" : e.Message.TrimEnd('.');
    }
}
