using FluentAssertions;
using JasperFx.Events;
using PersonalTutoring.BuildingBlocks.EventSourcing;
using PersonalTutoring.BuildingBlocks.Http;

namespace PersonalTutoring.TestKit;

/// <summary>
/// Given(events) → When(decision) → Then(events | problem), for pure deciders with no database.
/// <code>Spec&lt;School&gt;.Given(registered).When(s => Decide(s, …)).Then(new SchoolDetailsChanged(…));</code>
/// </summary>
public static class Spec<TState> where TState : class, IWriteModel<TState>
{
    public static GivenState Given(params object[] events) => new(events.Select((e, i) => Wrap(e, i + 1)).Aggregate(TState.Initial, (s, e) => s.Evolve(e)));

    /// <summary>An event as Marten hands it to <c>Evolve</c>: the data with its stream position.</summary>
    public static IEvent Wrap(object data, long version)
    {
        var wrapped = (IEvent)Activator.CreateInstance(typeof(Event<>).MakeGenericType(data.GetType()), data)!;
        wrapped.Version = version;
        wrapped.Sequence = version;
        wrapped.StreamKey = "spec";
        wrapped.Timestamp = DateTimeOffset.UnixEpoch;
        return wrapped;
    }

    public sealed class GivenState(TState state)
    {
        public TState State => state;

        public Outcome When(Func<TState, IEnumerable<object>> decide)
        {
            try { return new Outcome(decide(state).ToArray(), null); }
            catch (Exception e) when (e is BusinessRuleException or ConflictException or ForbiddenException or NotFoundException) { return new Outcome(null, e); }
        }
    }

    public sealed class Outcome(object[]? events, Exception? error)
    {
        public void Then(params object[] expected)
        {
            error.Should().BeNull("the decision should succeed, but it threw {0}", error?.Message);
            events.Should().BeEquivalentTo(expected, o => o.RespectingRuntimeTypes().WithStrictOrdering());
        }

        public void ThenNothing() => Then();

        /// <summary>The decision refuses with the business rule <paramref name="code"/>.</summary>
        public BusinessRuleException ThenRefused(string code)
        {
            error.Should().BeOfType<BusinessRuleException>("the decision should be refused with {0}", code);
            var rule = (BusinessRuleException)error!;
            rule.Code.Should().Be(code);
            return rule;
        }

        public TException ThenThrows<TException>() where TException : Exception => error.Should().BeOfType<TException>().Subject;
    }
}
