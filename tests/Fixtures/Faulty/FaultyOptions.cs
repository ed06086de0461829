namespace Fixture.Faulty;

public sealed record FaultyOptions
{
    /// <summary>Throw from this optimizer step on (null: never).</summary>
    public long? ThrowAtStep { get; init; }

    /// <summary>Return NaN from this optimizer step on (null: never).</summary>
    public long? NanAtStep { get; init; }
}
