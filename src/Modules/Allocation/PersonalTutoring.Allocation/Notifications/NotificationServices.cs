using Marten;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PersonalTutoring.Allocation.Notifications.Mail;
using Wolverine;

namespace PersonalTutoring.Allocation.Notifications;

internal static class NotificationServices
{
    /// <summary>Notification delivery (docs/adr/0023): the handlers, their queue and retry policy, the channels, the Registry backlog.</summary>
    public static IServiceCollection AddAllocationNotifications(this IServiceCollection services)
    {
        services.ConfigureWolverine(o => o.Discovery.IncludeAssembly(typeof(AllocationModule).Assembly));
        services.AddSingleton<NotificationRetries>();
        services.AddWolverineExtension<NotificationDeliveryPolicy>();
        services.AddHttpClient(RegistryWebhook.ClientName);
        services.AddOptions<MailOptions>().BindConfiguration(MailOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<MailOptions>, MailOptionsValidator>();
        services.AddSingleton<SmtpMailer>();
        services.AddSingleton<PickupFolderMailer>();
        // Validation keeps the pickup folder to Development: outside it a relay host is required.
        services.TryAddSingleton<IMailer>(sp => sp.GetRequiredService<IOptions<MailOptions>>().Value.UsesSmtp
            ? sp.GetRequiredService<SmtpMailer>()
            : sp.GetRequiredService<PickupFolderMailer>());
        services.AddSingleton<RegistryWebhook>();
        // Built here: the courier is public only because Wolverine's generated handler names it; its constructor is internal.
        services.AddSingleton(sp => new NotificationCourier(sp.GetRequiredService<IDocumentStore>(), sp.GetRequiredService<IMailer>(),
            sp.GetRequiredService<RegistryWebhook>(), sp.GetRequiredService<NotificationRetries>(),
            sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<NotificationCourier>>()));
        services.AddSingleton<RegistryBacklog>();
        services.AddHostedService(sp => sp.GetRequiredService<RegistryBacklog>());
        return services;
    }
}
