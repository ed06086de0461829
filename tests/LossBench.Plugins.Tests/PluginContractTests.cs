using System.ComponentModel;
using System.Reflection;
using LossBench.Plugins.Augmentations;
using LossBench.Plugins.Datasets;
using LossBench.Plugins.Evaluations;
using LossBench.Plugins.Losses;
using LossBench.Plugins.Models;
using LossBench.Sdk.Options;
using LossBench.Sdk.Plugins;

namespace LossBench.Plugins.Tests;

/// <summary>
/// Every [Plugin] class in the built-in plugin assemblies has the shape the host loads: a valid
/// name and a summary, exactly one kind, public and sealed, one public constructor taking at most
/// an options record the binder accepts, and options that <c>lossbench list</c> can describe.
/// </summary>
public sealed class PluginContractTests
{
    private static readonly Assembly[] PluginAssemblies =
    [
        typeof(Mnist10kDataset).Assembly,
        typeof(MlpModel).Assembly,
        typeof(CrossEntropyLoss).Assembly,
        typeof(NoAugmentation).Assembly,
        typeof(CleanEvaluation).Assembly,
        typeof(LossBench.Plugins.Attacks.Gradient.FgsmEvaluation).Assembly,
    ];

    public static TheoryData<string> PluginTypes()
    {
        var data = new TheoryData<string>();
        foreach (var type in PluginAssemblies.SelectMany(a => a.GetTypes()).Where(t => t.GetCustomAttribute<PluginAttribute>() is not null))
            data.Add(type.AssemblyQualifiedName!);
        return data;
    }

    [Fact]
    public void The_first_built_ins_are_one_per_kind()
    {
        var found = PluginAssemblies.SelectMany(a => a.GetTypes())
            .Select(t => (Type: t, Attribute: t.GetCustomAttribute<PluginAttribute>()))
            .Where(p => p.Attribute is not null)
            .ToDictionary(p => (PluginKinds.KindsOf(p.Type).Single(), p.Attribute!.Name), p => p.Type);
        Assert.Equal(typeof(Mnist10kDataset), found[(PluginKind.Dataset, "mnist-10k")]);
        Assert.Equal(typeof(MlpModel), found[(PluginKind.Model, "mlp")]);
        Assert.Equal(typeof(CnnSmallModel), found[(PluginKind.Model, "cnn-small")]);
        Assert.Equal(typeof(CrossEntropyLoss), found[(PluginKind.Loss, "cross-entropy")]);
        Assert.Equal(typeof(NoAugmentation), found[(PluginKind.Augmentation, "none")]);
        Assert.Equal(typeof(CleanEvaluation), found[(PluginKind.Evaluation, "clean")]);
    }

    [Theory]
    [MemberData(nameof(PluginTypes))]
    public void Has_the_shape_the_host_loads(string typeName)
    {
        var type = Type.GetType(typeName, throwOnError: true)!;
        var attribute = type.GetCustomAttribute<PluginAttribute>()!;
        Assert.True(PluginName.IsValid(attribute.Name), $"'{attribute.Name}' is not kebab-case");
        Assert.False(string.IsNullOrWhiteSpace(attribute.Summary), $"{type.Name} has no summary");
        Assert.True(type.IsPublic && type.IsSealed, $"{type.Name} must be public and sealed");
        Assert.Single(PluginKinds.KindsOf(type));

        var constructor = Assert.Single(type.GetConstructors());
        // At most one options record; anything else is a host service asked for by interface.
        var parameters = constructor.GetParameters().Where(p => !p.ParameterType.IsInterface).ToArray();
        Assert.True(parameters.Length <= 1, $"{type.Name}'s constructor takes {parameters.Length} concrete parameters");
        if (parameters.Length == 0) return;

        var optionsType = parameters[0].ParameterType;
        Assert.Null(OptionsBinder.CheckOptionsType(optionsType));
        Assert.True(optionsType.IsSealed, $"{optionsType.Name} should be sealed");
        var schema = OptionsSchema.Describe(optionsType);
        Assert.NotEmpty(schema);
        Assert.All(schema, option =>
        {
            Assert.True(PluginName.IsValid(option.Key), $"option key '{option.Key}' is not kebab-case");
            Assert.False(string.IsNullOrWhiteSpace(option.Description), $"{optionsType.Name}.{option.Key} has no [Description]");
        });
        // The defaults alone are valid: a plugin named without options must bind (a combination of
        // losses or a chain of augmentations is the exception: it has no meaningful default members,
        // marks them [Required] and says so). References are bound by the test factory, as the host would.
        if (optionsType == typeof(ComboOptions))
            Assert.Contains("give the terms, like", Assert.Throws<OptionsBindingException>(() => OptionsBinder.Bind(optionsType, null, attribute.Name, new TestPluginFactory())).Message);
        else if (optionsType == typeof(ChainOptions))
            Assert.Contains("give the members, like", Assert.Throws<OptionsBindingException>(() => OptionsBinder.Bind(optionsType, null, attribute.Name, new TestPluginFactory())).Message);
        else
            Assert.NotNull(OptionsBinder.Bind(optionsType, null, attribute.Name, new TestPluginFactory()));
        Assert.All(optionsType.GetProperties(), p => Assert.NotNull(p.GetCustomAttribute<DescriptionAttribute>()));
    }

    [Fact]
    public void The_options_schemas_show_the_documented_keys_and_defaults()
    {
        static string[] Rows(Type options) => OptionsSchema.Describe(options).Select(o => $"{o.Key} ({o.Type}) = {o.Default}").ToArray();
        Assert.Equal(["train (integer) = 8000", "test (integer) = 2000", "split-seed (non-negative integer) = 0"], Rows(typeof(Mnist10kOptions)));
        Assert.Equal(["hidden (list of integer) = [256, 256]"], Rows(typeof(MlpOptions)));
        Assert.Equal(["width1 (integer) = 32", "width2 (integer) = 64"], Rows(typeof(CnnSmallOptions)));
        Assert.Equal(["label-smoothing (number) = 0"], Rows(typeof(CrossEntropyOptions)));
        Assert.Equal(["split (string) = test", "bins (integer) = 15"], Rows(typeof(CleanOptions)));
    }
}
