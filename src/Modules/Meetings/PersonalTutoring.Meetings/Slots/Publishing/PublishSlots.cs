using FluentValidation;
using Marten;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using PersonalTutoring.BuildingBlocks.Auth;
using PersonalTutoring.BuildingBlocks.Http;
using PersonalTutoring.Governance.Contracts;
using PersonalTutoring.Meetings.Access;
using PersonalTutoring.Meetings.ReadModels.Slots;
using PersonalTutoring.Meetings.Shared;

namespace PersonalTutoring.Meetings.Slots.Publishing;

/// <summary>POST /api/tutors/{staffId}/slots: a tutor (or a Senior Tutor for them) publishes clinic slots (ME-6, ME-5).</summary>
internal static class PublishSlots
{
    /// <summary>
    /// <see cref="Count"/> consecutive slots of <see cref="LengthMinutes"/> from <see cref="StartTime"/> (London time) on
    /// <see cref="On"/>, and weekly to <see cref="RepeatWeeklyUntil"/> when given. <see cref="OnClosureDays"/>: the tutor
    /// means to hold them on the school's closure days too.
    /// </summary>
    internal sealed record Request(DateOnly? On, DateOnly? RepeatWeeklyUntil, TimeOnly? StartTime, int? LengthMinutes, int? Count, int? Capacity,
        string? Room, string? OnlineLink, bool? OnClosureDays);

    private static readonly DateOnly Earliest = new(2000, 1, 1);
    private static readonly DateOnly Latest = new(2100, 12, 31);

    internal sealed class Validator : AbstractValidator<Request>
    {
        public Validator()
        {
            RuleFor(r => r.On).NotNull().InclusiveBetween(Earliest, Latest);
            RuleFor(r => r.RepeatWeeklyUntil).Must((r, until) => until is null || r.On is null || r.On.Value.Year > 2100 || (until >= r.On && until.Value.DayNumber - r.On.Value.DayNumber <= 366))
                .WithMessage("Repeat until a date from the first date to a year after it.");
            RuleFor(r => r.StartTime).NotNull();
            RuleFor(r => r.LengthMinutes).NotNull().InclusiveBetween(5, 240);
            RuleFor(r => r.Count).InclusiveBetween(1, 24);
            RuleFor(r => r.Capacity).NotNull().InclusiveBetween(1, 200);
            RuleFor(r => r.Room).MaximumLength(200);
            RuleFor(r => r.OnlineLink).MaximumLength(500)
                .Must(link => link is null || (Uri.TryCreate(link, UriKind.Absolute, out var uri) && uri.Scheme is "https" or "http"))
                .WithMessage("An online meeting link is an absolute http(s) URL.");
            RuleFor(r => r).Must(r => !string.IsNullOrWhiteSpace(r.Room) || !string.IsNullOrWhiteSpace(r.OnlineLink))
                .WithName("room").WithMessage("A slot is in person (a room), online (a link) or both.");
        }
    }

    internal sealed record Published(Guid SeriesId, IReadOnlyList<PublishedSlot> Slots, IReadOnlyList<DateOnly> SkippedClosureDays);

    internal sealed record PublishedSlot(Guid SlotId, DateTimeOffset StartsAt, DateTimeOffset EndsAt);

    /// <summary>An existing slot of the tutor, to refuse overlapping ones.</summary>
    internal sealed record Taken(DateTimeOffset StartsAt, DateTimeOffset EndsAt);

    /// <summary>
    /// The slots to start. Slots whose id already exists were published by an earlier copy of this request (the ids come
    /// from its Idempotency-Key) and are not published again.
    /// </summary>
    internal static SlotPublished[] Decide(SlotPlan plan, Request r, IReadOnlyList<Guid> slotIds, Guid seriesId, string tutorId, string schoolCode,
        IReadOnlyCollection<Taken> taken, IReadOnlySet<Guid> existing, MeetingsSettings settings, string actor, DateTimeOffset now)
    {
        var length = r.LengthMinutes!.Value;
        var capacity = r.Capacity!.Value;
        var (min, max, kind) = capacity == 1
            ? (settings.OneToOneMinMinutes, settings.OneToOneMaxMinutes, "one-to-one")
            : (settings.GroupMinMinutes, settings.GroupMaxMinutes, "group");
        if (length < min || length > max)
            throw new BusinessRuleException("slot-length-outside-policy", $"A {kind} slot lasts {min} to {max} minutes (ME-5); this one lasts {length}.");
        if (plan.Slots[0].StartsAt <= now) throw new BusinessRuleException("slot-in-past", "Slots are published for the future.");

        var events = new List<SlotPublished>();
        for (var i = 0; i < plan.Slots.Count; i++)
        {
            if (existing.Contains(slotIds[i])) continue;
            var slot = plan.Slots[i];
            if (taken.Any(t => t.StartsAt < slot.EndsAt && t.EndsAt > slot.StartsAt))
                throw new BusinessRuleException("overlapping-slot", $"The slot at {slot.StartsAt:u} overlaps one the tutor has already published.");
            events.Add(new SlotPublished(slotIds[i], tutorId, schoolCode, slot.StartsAt, slot.EndsAt, capacity, Trim(r.Room), Trim(r.OnlineLink), seriesId,
                slot.OnClosureDay, actor, now));
        }
        return [.. events];
    }

    private static string? Trim(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    internal static void Map(IEndpointRouteBuilder app) =>
        app.MapPost("/api/tutors/{staffId}/slots", async (string staffId, Request request, HttpContext http, MeetingsContext context, IDocumentSession session,
                CancellationToken ct) =>
            {
                var tutor = http.TutorStanding();
                var on = request.On!.Value;
                var calendars = await context.CalendarsAsync(tutor.SchoolCode, on, request.RepeatWeeklyUntil ?? on, ct);
                var plan = SlotPlan.Expand(on, request.RepeatWeeklyUntil, request.StartTime!.Value, request.LengthMinutes!.Value, request.Count ?? 1,
                    request.OnClosureDays ?? false, d => calendars[AcademicYear.Containing(d)]);

                // From the Idempotency-Key when there is one: a retry names the same slots and publishes none twice.
                var seriesId = http.NewId("slot-series");
                var ids = plan.Slots.Select((_, i) => http.NewId($"slot-{i}")).ToList();
                var existing = (await session.LoadManyAsync<SlotView>(ct, ids.Select(SlotView.IdOf))).Select(v => v.SlotId).ToHashSet();
                var (first, last) = (plan.Slots[0].StartsAt, plan.Slots[^1].EndsAt);
                var taken = (await session.Query<SlotView>()
                        .Where(v => v.TutorId == staffId && !v.Cancelled && v.StartsAt < last && v.EndsAt > first)
                        .ToListAsync(ct))
                    .Where(v => !existing.Contains(v.SlotId)).Select(v => new Taken(v.StartsAt, v.EndsAt)).ToList();

                var events = Decide(plan, request, ids, seriesId, staffId, tutor.SchoolCode, taken, existing, context.Settings, http.CurrentUser().Id, context.Clock.GetUtcNow());
                foreach (var e in events) session.Events.StartStream(ClinicSlot.StreamId(e.SlotId), e);
                await session.SaveChangesAsync(ct);
                return Results.Created($"/api/tutors/{staffId}/slots",
                    new Published(seriesId, [.. ids.Select((id, i) => new PublishedSlot(id, plan.Slots[i].StartsAt, plan.Slots[i].EndsAt))], plan.SkippedClosureDays));
            })
            .RequireAuthorization(MeetingsPolicies.Publish)
            .RequireTutor(tutees: false, "publish clinic slots")
            .Validate<Request>()
            .WithName("PublishSlots")
            .WithSummary("A tutor (or a Senior Tutor of the school) publishes clinic slots: one-off or weekly, in person and/or online, one-to-one or group.")
            .Produces<Published>(StatusCodes.Status201Created)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
}
