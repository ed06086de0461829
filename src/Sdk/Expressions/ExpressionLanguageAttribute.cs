namespace LossBench.Sdk.Expressions;

/// <summary>
/// On a plugin class that reads formulas: the language they are written in. The host builds that
/// type (and nothing else of the plugin) when it needs the language, for example to search formulas
/// for the plugin, so the type must implement <see cref="IExpressionLanguage"/> and have a public
/// parameterless constructor.
/// </summary>
/// <param name="languageType">A public class implementing <see cref="IExpressionLanguage"/> with a public parameterless constructor.</param>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class ExpressionLanguageAttribute(Type languageType) : Attribute
{
    public Type LanguageType { get; } = languageType;
}
