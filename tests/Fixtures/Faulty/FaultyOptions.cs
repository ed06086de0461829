namespace Fixture.Faulty;

public sealed record FaultyOptions
{
    /// <summary>Throw from this optimizer step on (null: never).</summary>
    public long? ThrowAtStep { get; init; }

    /// <summary>Return NaN from this optimizer step on (null: never).</summary>
    public long? NanAtStep { get; init; }

    /// <summary>Throw from TraitsOf: an exception outside any cell, which the tool does not expect.</summary>
    public bool ThrowInTraits { get; init; }

    /// <summary>Break the loss contract: return a value per example, or one without a gradient.</summary>
    public FaultyBreak Break { get; init; }
}

public enum FaultyBreak
{
    None,
    PerExample,
    Detached,
}
