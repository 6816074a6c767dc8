using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace PersonalTutoring.BuildingBlocks.Auth;

public static class AuthRegistration
{
    public static IServiceCollection AddResourceAccess(this IServiceCollection services)
    {
        services.TryAddSingleton<IStudentDirectory, NoStudentDirectory>();
        services.AddSingleton<ResourceAccess>();
        return services;
    }
}
