using System.Diagnostics.Metrics;

namespace PersonalTutoring.TestKit;

/// <summary>Records what one meter instance measures (other hosts in the same test process have meters of the same name).</summary>
public sealed class MeterCapture : IDisposable
{
    private readonly MeterListener listener = new();
    private readonly List<Recorded> recorded = [];

    public sealed record Recorded(string Instrument, double Value, IReadOnlyDictionary<string, object?> Tags);

    public MeterCapture(Meter meter)
    {
        listener.InstrumentPublished = (instrument, l) => { if (ReferenceEquals(instrument.Meter, meter)) l.EnableMeasurementEvents(instrument); };
        listener.SetMeasurementEventCallback<long>((i, v, tags, _) => Add(i, v, tags));
        listener.SetMeasurementEventCallback<int>((i, v, tags, _) => Add(i, v, tags));
        listener.SetMeasurementEventCallback<double>((i, v, tags, _) => Add(i, v, tags));
        listener.Start();
    }

    /// <summary>Asks every observable instrument (the gauges) for its current values.</summary>
    public void Collect() => listener.RecordObservableInstruments();

    public IReadOnlyList<Recorded> Of(string instrument)
    {
        lock (recorded) return recorded.Where(r => r.Instrument == instrument).ToList();
    }

    public void Clear()
    {
        lock (recorded) recorded.Clear();
    }

    private void Add(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var copy = new Dictionary<string, object?>();
        foreach (var tag in tags) copy[tag.Key] = tag.Value;
        lock (recorded) recorded.Add(new Recorded(instrument.Name, value, copy));
    }

    public void Dispose() => listener.Dispose();
}
