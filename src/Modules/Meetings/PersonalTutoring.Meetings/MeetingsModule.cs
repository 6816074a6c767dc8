using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Wolverine;
using PersonalTutoring.BuildingBlocks.Auth;
using PersonalTutoring.BuildingBlocks.Http;
using PersonalTutoring.Meetings.Arranged;
using PersonalTutoring.Meetings.Calendars;
using PersonalTutoring.Meetings.Arranged.Answering;
using PersonalTutoring.Meetings.Arranged.Arranging;
using PersonalTutoring.Meetings.Arranged.NoShows;
using PersonalTutoring.Meetings.Arranged.Recording;
using PersonalTutoring.Meetings.Arranged.Rooms;
using PersonalTutoring.Meetings.Contracts;
using PersonalTutoring.Meetings.Monitoring;
using PersonalTutoring.Meetings.Schedules;
using PersonalTutoring.Meetings.ReadModels.Meetings;
using PersonalTutoring.Meetings.ReadModels.Slots;
using PersonalTutoring.Meetings.Shared;
using PersonalTutoring.Meetings.Slots;
using PersonalTutoring.Meetings.Slots.Attendance;
using PersonalTutoring.Meetings.Slots.Booking;
using PersonalTutoring.Meetings.Slots.Cancelling;
using PersonalTutoring.Meetings.Slots.Publishing;

namespace PersonalTutoring.Meetings;

/// <summary>The Meetings module's only entry points: clinic slots (availability), self-booking, arranged meetings and attendance.</summary>
public static class MeetingsModule
{
    public const string Tag = "Meetings";

    /// <summary>The PostgreSQL schema of the module's documents.</summary>
    public const string Schema = "meetings";

    public static IServiceCollection AddMeetingsModule(this IServiceCollection services, IConfiguration configuration)
    {
        services.ConfigureMarten(options =>
        {
            SlotEvents.Register(options);
            SlotViewProjection.Register(options);
            ArrangedMeetingEvents.Register(options);
            MeetingViewProjection.Register(options);
            NoShowFollowUp.Register(options);
            CalendarFeedViewProjection.Register(options);
            OfficeHoursViewProjection.Register(options);
        });
        // Reminders and no-show follow-ups are Wolverine scheduled messages (NoShowStepHandler, BookingReminderHandler).
        services.ConfigureWolverine(o => o.Discovery.IncludeAssembly(typeof(MeetingsModule).Assembly));
        services.AddValidatorsFrom(typeof(MeetingsModule).Assembly);
        services.AddOptions<MeetingsSettings>().BindConfiguration(MeetingsSettings.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<MeetingsSettings>, MeetingsSettingsValidator>();
        services.AddSingleton<MeetingsContext>();
        services.AddScoped<MeetingNotices>();
        services.AddSingleton<IMeetingQueries, MeetingQueries>();
        services.AddSingleton<PersonalTutoring.DataProtection.Contracts.ISubjectDataSource, MeetingSubjectData>();
        services.AddSingleton<IMeetingFigures, MeetingFigures>();
        return services;
    }

    public static void AddMeetingsPolicies(this AuthorizationOptions options)
    {
        options.AddRolesPolicy(MeetingsPolicies.Publish, Roles.Tutor, Roles.SeniorTutor);
        options.AddRolesPolicy(MeetingsPolicies.ManageSlots, Roles.Tutor, Roles.SeniorTutor);
        options.AddRolesPolicy(MeetingsPolicies.ReadSlots, Roles.Student, Roles.Tutor, Roles.SeniorTutor);
        options.AddRolesPolicy(MeetingsPolicies.Book, Roles.Student);
        options.AddRolesPolicy(MeetingsPolicies.CancelBooking, Roles.Student, Roles.Tutor, Roles.SeniorTutor);
        options.AddRolesPolicy(MeetingsPolicies.Reschedule, Roles.Student);
        options.AddRolesPolicy(MeetingsPolicies.ReadBookings, Roles.Student, Roles.Tutor, Roles.SeniorTutor);
        options.AddRolesPolicy(MeetingsPolicies.Arrange, Roles.Tutor, Roles.SeniorTutor);
        options.AddRolesPolicy(MeetingsPolicies.Answer, Roles.Student);
        options.AddRolesPolicy(MeetingsPolicies.ReadMeetings, Roles.Student, Roles.Tutor, Roles.SeniorTutor);
        options.AddRolesPolicy(MeetingsPolicies.ReadTutorMeetings, Roles.Tutor, Roles.SeniorTutor, Roles.Admin);
        options.AddRolesPolicy(MeetingsPolicies.Feeds, Roles.Student, Roles.Tutor, Roles.SeniorTutor);
        options.AddRolesPolicy(MeetingsPolicies.Rooms, Roles.SupportTeam);
        options.AddRolesPolicy(MeetingsPolicies.Monitoring, Roles.SeniorTutor, Roles.Dean, Roles.Admin, Roles.Governance, Roles.Auditor);
    }

    /// <summary>Seeds demo clinics and bookings for a few tutors; run after the Governance and Allocation seeds. Idempotent.</summary>
    public static Task SeedMeetingsDemoAsync(this IServiceProvider services, CancellationToken ct) => Seeding.MeetingsDemoSeed.RunAsync(services, ct);

    public static IEndpointRouteBuilder MapMeetingsEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("").WithTags(Tag);
        PublishSlots.Map(group);
        CancelSlot.Map(group);
        BookSlot.Map(group);
        CancelBooking.Map(group);
        RescheduleBooking.Map(group);
        TutorSlots.Map(group);
        StudentBookings.Map(group);
        ArrangeMeeting.Map(group);
        AnswerInvitation.Map(group);
        RecordAttendance.Map(group);
        MeetingReads.Map(group);
        TutorMeetings.Map(group);
        ResolveNoShow.Map(group);
        ResolveNoShow.MapClinic(group);
        RecordClinicAttendance.Map(group);
        CalendarFeeds.Map(group);
        BookingInvite.Map(group);
        MeetingMonitoring.Map(group);
        PrivateRooms.Map(group);
        OfficeHours.Map(group);
        return app;
    }
}

internal static class MeetingsPolicies
{
    public const string Publish = "meetings.publish";
    public const string ManageSlots = "meetings.manage-slots";
    public const string ReadSlots = "meetings.read-slots";
    public const string Book = "meetings.book";
    public const string CancelBooking = "meetings.cancel-booking";
    public const string Reschedule = "meetings.reschedule";
    public const string ReadBookings = "meetings.read-bookings";
    public const string Arrange = "meetings.arrange";
    public const string Answer = "meetings.answer";
    public const string ReadMeetings = "meetings.read-meetings";
    public const string ReadTutorMeetings = "meetings.read-tutor-meetings";
    public const string Feeds = "meetings.calendar-feeds";
    public const string Monitoring = "meetings.monitoring";
    public const string Rooms = "meetings.rooms";
}
