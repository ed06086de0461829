namespace LossBench.Torch;

/// <summary>
/// A network component with named parameters, buffers and child modules, like torch.nn.Module.
/// Parameters and buffers belong to the module (never to a dispose scope) and are freed with it.
/// Subclasses register their parts in the constructor, in the order PyTorch would list them,
/// because that order names the entries of <see cref="state_dict"/>.
/// </summary>
public abstract class Module : IDisposable
{
    private readonly List<KeyValuePair<string, Tensor?>> _parameters = [];
    private readonly List<KeyValuePair<string, Tensor?>> _buffers = [];
    private readonly List<KeyValuePair<string, Module>> _modules = [];
    private bool _disposed;

    protected Module(string name) => Name = name;

    /// <summary>The type name shown in summaries.</summary>
    public string Name { get; }

    /// <summary>True in training mode (dropout active, batch statistics), false in evaluation mode.</summary>
    public bool training { get; private set; } = true;

    protected Tensor register_parameter(string name, Tensor tensor, bool requires_grad = true)
    {
        CheckName(name);
        tensor.DetachFromDisposeScope();
        if (requires_grad && !tensor.requires_grad) tensor.requires_grad = true;
        _parameters.Add(new(name, tensor));
        return tensor;
    }

    protected Tensor register_buffer(string name, Tensor tensor)
    {
        CheckName(name);
        tensor.DetachFromDisposeScope();
        _buffers.Add(new(name, tensor));
        return tensor;
    }

    protected T register_module<T>(string name, T module) where T : Module
    {
        CheckName(name);
        _modules.Add(new(name, module));
        return module;
    }

    private void CheckName(string name)
    {
        if (string.IsNullOrEmpty(name) || name.Contains('.'))
            throw new ArgumentException($"invalid name '{name}': names must be non-empty and contain no '.'", nameof(name));
        if (_parameters.Any(p => p.Key == name) || _buffers.Any(b => b.Key == name) || _modules.Any(m => m.Key == name))
            throw new ArgumentException($"'{name}' is already registered in {Name}", nameof(name));
    }

    public IEnumerable<(string name, Module module)> named_children() => _modules.Select(m => (m.Key, m.Value));

    public IEnumerable<(string name, Module module)> named_modules(string prefix = "")
    {
        yield return (prefix, this);
        foreach (var (name, child) in _modules)
            foreach (var entry in child.named_modules(prefix.Length == 0 ? name : prefix + "." + name))
                yield return entry;
    }

    public IEnumerable<(string name, Tensor parameter)> named_parameters(bool recurse = true) => Named(m => m._parameters, recurse);

    public IEnumerable<(string name, Tensor buffer)> named_buffers(bool recurse = true) => Named(m => m._buffers, recurse);

    public IEnumerable<Tensor> parameters(bool recurse = true) => named_parameters(recurse).Select(p => p.parameter);

    public IEnumerable<Tensor> buffers(bool recurse = true) => named_buffers(recurse).Select(b => b.buffer);

    private IEnumerable<(string, Tensor)> Named(Func<Module, List<KeyValuePair<string, Tensor?>>> select, bool recurse)
    {
        var modules = recurse ? named_modules() : [("", this)];
        foreach (var (prefix, module) in modules)
            foreach (var (name, tensor) in select(module))
                if (tensor is not null)
                    yield return (prefix.Length == 0 ? name : prefix + "." + name, tensor);
    }

    /// <summary>Parameters then buffers of every module, by dotted name; the tensors themselves, not copies.</summary>
    public IReadOnlyDictionary<string, Tensor> state_dict()
    {
        var result = new Dictionary<string, Tensor>();
        foreach (var (prefix, module) in named_modules())
        {
            foreach (var (name, tensor) in module._parameters.Concat(module._buffers))
                if (tensor is not null)
                    result[prefix.Length == 0 ? name : prefix + "." + name] = tensor;
        }
        return result;
    }

    /// <summary>
    /// Copies values into this module's tensors. With <paramref name="strict"/>, missing or
    /// unexpected names and shape mismatches are errors that list every offending name.
    /// </summary>
    public void load_state_dict(IReadOnlyDictionary<string, Tensor> source, bool strict = true)
    {
        var own = state_dict();
        var missing = own.Keys.Where(k => !source.ContainsKey(k)).ToList();
        var unexpected = source.Keys.Where(k => !own.ContainsKey(k)).ToList();
        var mismatched = own.Where(kv => source.TryGetValue(kv.Key, out var s) && !s.shape.SequenceEqual(kv.Value.shape))
            .Select(kv => $"{kv.Key}: expected [{string.Join(", ", kv.Value.shape)}], got [{string.Join(", ", source[kv.Key].shape)}]")
            .ToList();
        if (mismatched.Count > 0 || (strict && (missing.Count > 0 || unexpected.Count > 0)))
        {
            var problems = new List<string>();
            if (missing.Count > 0) problems.Add("missing: " + string.Join(", ", missing));
            if (unexpected.Count > 0) problems.Add("unexpected: " + string.Join(", ", unexpected));
            if (mismatched.Count > 0) problems.Add("shape mismatch: " + string.Join("; ", mismatched));
            throw new InvalidOperationException($"load_state_dict into {Name}: " + string.Join(" | ", problems));
        }
        using var noGrad = torch.no_grad();
        foreach (var (name, tensor) in own)
            if (source.TryGetValue(name, out var value))
                tensor.copy_(value);
    }

    /// <summary>Sets training mode here and in every child.</summary>
    public Module train(bool mode = true)
    {
        foreach (var (_, module) in named_modules()) module.training = mode;
        return this;
    }

    public Module eval() => train(false);

    /// <summary>Forgets every parameter's gradient (PyTorch's set_to_none behaviour).</summary>
    public void zero_grad()
    {
        foreach (var p in parameters()) p.grad = null;
    }

    /// <summary>
    /// Moves every parameter and buffer to a device and/or floating-point type in place: the
    /// tensor objects stay the same (layers and optimizers that hold them keep working), only
    /// their data changes, as with PyTorch's Module.to(). Gradients are dropped.
    /// </summary>
    public Module to(Device device, ScalarType? type = null)
    {
        foreach (var tensor in parameters().Concat(buffers()))
        {
            var target = type is { } t && tensor.dtype.IsFloatingPoint() ? t : tensor.dtype;
            if (tensor.device == device && tensor.dtype == target) continue;
            tensor.grad = null;
            using var moved = tensor.to(device, target);
            tensor.set_data(moved);
        }
        return this;
    }

    public Module to(ScalarType type) => to(Device.CPU, type);

    /// <summary>Writes <see cref="state_dict"/> to a safetensors file (atomically).</summary>
    public void save(string path, IReadOnlyDictionary<string, string>? metadata = null) =>
        Serialization.SafeTensors.Save(state_dict(), path, metadata);

    /// <summary>Loads a safetensors file written by <see cref="save"/> into this module.</summary>
    public void load(string path, bool strict = true)
    {
        var loaded = Serialization.SafeTensors.Load(path);
        try
        {
            load_state_dict(loaded, strict);
        }
        finally
        {
            foreach (var t in loaded.Values) t.Dispose();
        }
    }

    public Device? device => parameters().FirstOrDefault()?.device;

    /// <summary>Total number of parameter elements.</summary>
    public long parameter_count() => parameters().Sum(p => p.numel());

    protected virtual void Dispose(bool disposing)
    {
        if (_disposed) return;
        _disposed = true;
        if (!disposing) return;
        foreach (var (_, t) in _parameters) t?.Dispose();
        foreach (var (_, t) in _buffers) t?.Dispose();
        foreach (var (_, m) in _modules) m.Dispose();
    }

    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }
}
