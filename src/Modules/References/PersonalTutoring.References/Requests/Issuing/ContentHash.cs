using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace PersonalTutoring.References.Requests.Issuing;

/// <summary>
/// The SHA-256 of an issued reference's retained content (RE-2): its text and every retained fact, serialised in a fixed
/// order, so anyone holding the copy can show it is the one that was sent.
/// </summary>
internal static class ContentHash
{
    public static string Of(string text, string? formAnswersJson, string authorId, string recipient, DateOnly knownFrom, DateOnly? knownTo, string capacity, DateTimeOffset issuedAt)
    {
        var canonical = JsonSerializer.Serialize(new object?[]
        {
            text, formAnswersJson, authorId, recipient, knownFrom.ToString("O"), knownTo?.ToString("O"), capacity, issuedAt.ToUniversalTime().ToString("O"),
        });
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)));
    }
}
