using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Serialization;
using JasperFx.Events;
using JasperFx.Events.Projections;
using Marten;
using PersonalTutoring.BuildingBlocks.EventSourcing;
using PersonalTutoring.BuildingBlocks.Projections;

namespace PersonalTutoring.Meetings.Calendars;

/// <summary>Whose meetings a feed lists: a tutor's (slots and arranged meetings) or a tutee's (bookings and invitations).</summary>
internal enum FeedOwner { Tutor, Tutee }

/// <summary>A private feed URL was issued; only the SHA-256 of its secret token is stored, never the token.</summary>
internal sealed record CalendarFeedIssued(string UserId, FeedOwner Owner, string TokenHash, DateTimeOffset IssuedAt);

internal sealed record CalendarFeedRevoked(string UserId, string TokenHash, DateTimeOffset RevokedAt);

/// <summary>The write model of a user's calendar feed (stream <c>meetings-calendar-feed-{userId}</c>): at most one live token.</summary>
internal sealed record CalendarFeed : IWriteModel<CalendarFeed>
{
    public string Id { get; init; } = "";
    public string? LiveTokenHash { get; init; }

    public static CalendarFeed Initial => new();

    public static string StreamId(string userId) => $"meetings-calendar-feed-{userId}";

    public CalendarFeed Evolve(IEvent @event) => @event.Data switch
    {
        CalendarFeedIssued e => this with { LiveTokenHash = e.TokenHash },
        CalendarFeedRevoked e when e.TokenHash == LiveTokenHash => this with { LiveTokenHash = null },
        _ => this,
    };

    /// <summary>A new URL replaces the old one, which stops working at once.</summary>
    public static object[] Issue(CalendarFeed state, string userId, FeedOwner owner, string tokenHash, DateTimeOffset now) =>
        state.LiveTokenHash is { } old
            ? [new CalendarFeedRevoked(userId, old, now), new CalendarFeedIssued(userId, owner, tokenHash, now)]
            : [new CalendarFeedIssued(userId, owner, tokenHash, now)];

    public static object[] Revoke(CalendarFeed state, string userId, DateTimeOffset now) =>
        state.LiveTokenHash is { } live ? [new CalendarFeedRevoked(userId, live, now)] : [];

    public static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    /// <summary>256 random bits, URL-safe.</summary>
    public static string NewToken() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}

/// <summary>A live feed token, found by its hash when a calendar application polls the URL.</summary>
internal sealed record CalendarFeedView(string TokenHash, string UserId, FeedOwner Owner)
{
    [JsonIgnore]
    public string Id => TokenHash;
}

/// <summary>Inline: a revoked URL must stop answering at once.</summary>
internal sealed class CalendarFeedViewProjection : FoldProjection<CalendarFeedView>
{
    public override ProjectionLifecycle Lifecycle => ProjectionLifecycle.Inline;

    public override string Name => "meetings-calendar-feeds";

    public override IReadOnlyCollection<Type> EventTypes => [typeof(CalendarFeedIssued), typeof(CalendarFeedRevoked)];

    protected override IEnumerable<string> Identities(IEvent e) => e.Data switch
    {
        CalendarFeedIssued i => [i.TokenHash],
        CalendarFeedRevoked r => [r.TokenHash],
        _ => [],
    };

    protected override CalendarFeedView? Evolve(CalendarFeedView? current, string id, IEvent e) => e.Data switch
    {
        CalendarFeedIssued i => new CalendarFeedView(i.TokenHash, i.UserId, i.Owner),
        CalendarFeedRevoked => null,
        _ => current,
    };

    public static void Register(StoreOptions options)
    {
        var events = options.Events;
        events.MapEventType<CalendarFeedIssued>("meetings.calendar_feed_issued");
        events.MapEventType<CalendarFeedRevoked>("meetings.calendar_feed_revoked");
        options.AddWriteModel<CalendarFeed>();
        options.Schema.For<CalendarFeedView>().DatabaseSchemaName(MeetingsModule.Schema).Identity(v => v.Id);
        options.AddFold(new CalendarFeedViewProjection());
    }
}
