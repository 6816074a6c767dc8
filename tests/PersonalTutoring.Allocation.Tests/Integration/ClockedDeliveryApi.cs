using System.Text.Json;

namespace PersonalTutoring.Allocation.Tests.Integration;

/// <summary>The host with the tests' clock, so every time a notification records is exact.</summary>
public class ClockedDeliveryApi : AllocationApi
{
    protected override bool UseManualClock => true;

    public async Task<List<JsonElement>> NotificationsAsync(string query) =>
        (await Admin().GetAsync("/api/notifications?" + query).ShouldBe(HttpStatusCode.OK)).EnumerateArray().ToList();

    public static string Status(JsonElement m) => m.GetProperty("status").GetString()!;

    public static JsonElement RegistryMessage(List<JsonElement> messages) => messages.Single(m => m.GetProperty("channel").GetString() == "Registry");

    /// <summary>Polls the student's notifications until <paramref name="done"/> holds for them; returns them.</summary>
    public async Task<List<JsonElement>> WaitForAsync(string studentId, Func<List<JsonElement>, bool> done, int seconds = 30)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (true)
        {
            var list = await NotificationsAsync($"studentId={studentId}&limit=1000");
            if (done(list)) return list;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"Notifications of {studentId} not as expected: {string.Join(", ", list.Select(m => m.GetRawText()))}");
            await Task.Delay(50);
        }
    }
}
