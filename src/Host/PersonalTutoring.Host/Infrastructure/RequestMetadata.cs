using System.Diagnostics;
using PersonalTutoring.BuildingBlocks.Auth;
using PersonalTutoring.BuildingBlocks.EventSourcing;

namespace PersonalTutoring.Host.Infrastructure;

/// <summary>
/// Stamps events with the request's correlation (<c>X-Correlation-Id</c>, else the W3C <c>traceparent</c> trace id),
/// causation (<c>X-Causation-Id</c>, else the request id) and the acting user (the token's <c>sub</c>).
/// </summary>
internal sealed class RequestEventMetadata(IHttpContextAccessor accessor) : IEventMetadataProvider
{
    public const string CorrelationHeader = "X-Correlation-Id";
    public const string CausationHeader = "X-Causation-Id";

    public EventMetadata Current
    {
        get
        {
            var context = accessor.HttpContext;
            if (context is null) return EventMetadata.None;
            var correlation = context.Request.Headers[CorrelationHeader].FirstOrDefault();
            if (string.IsNullOrWhiteSpace(correlation) || correlation.Length > 128)
                correlation = Activity.Current?.TraceId.ToString() ?? context.TraceIdentifier;
            var causation = context.Request.Headers[CausationHeader].FirstOrDefault();
            if (string.IsNullOrWhiteSpace(causation) || causation.Length > 128) causation = context.TraceIdentifier;
            var user = context.User.Identity?.IsAuthenticated == true ? CurrentUser.From(context.User).Id : null;
            return new EventMetadata(correlation, causation, user);
        }
    }
}
