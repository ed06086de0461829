namespace LossBench.Tool.Tests;

/// <summary>The tests that share one <see cref="AuthoringKit"/> (one pack of the solution, one feed, one tool install).</summary>
[CollectionDefinition(Name)]
public sealed class AuthoringCollection : ICollectionFixture<AuthoringKit>
{
    public const string Name = "authoring kit";
}
